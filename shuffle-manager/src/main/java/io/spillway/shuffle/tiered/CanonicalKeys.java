package io.spillway.shuffle.tiered;

import scala.Tuple2;

/**
 * Keys whose serialized bytes are equal exactly when the keys are {@code equals}: the tiered store compares
 * keys by their bytes, Spark's map by {@code equals}, so only for these may {@code auto} use the store.
 *
 * <p>Strings and boxed primitives serialize their value and nothing else, with Java serialization and Kryo
 * alike ({@code Double}/{@code Float} write the same canonical bits their {@code equals} compares).
 * A {@code scala.Tuple2} of such keys too, but only the generic class: a specialized tuple
 * ({@code Tuple2$mcJJ$sp}) equals a generic one with the same elements yet serializes under another class
 * name. Any other class (case classes, collections, user types) may have an {@code equals} that ignores
 * state its serialized form keeps, or serialize equal values differently (hash-ordered sets), so it is not
 * trusted.
 */
public final class CanonicalKeys {

  private CanonicalKeys() {}

  public static boolean isCanonical(Object key) {
    if (key == null) {
      return true;
    }
    Class<?> c = key.getClass();
    if (c == String.class || c == Long.class || c == Integer.class || c == Short.class || c == Byte.class
        || c == Character.class || c == Boolean.class || c == Double.class || c == Float.class) {
      return true;
    }
    if (c == Tuple2.class) {
      Tuple2<?, ?> t = (Tuple2<?, ?>) key;
      return isCanonical(t._1()) && isCanonical(t._2());
    }
    return false;
  }
}

package io.spillway.skew;

import io.spillway.shuffle.skew.KeyRenderer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.UUID;
import scala.Product;

/**
 * A join key as at most {@value #MAX_CHARS} characters (plus a short suffix) for the driver's log line, without
 * ever calling a {@code toString} that might be huge or throw.
 *
 * <p>{@code toString} is called only where its size is known to be small or is cut while rendering: strings,
 * characters, booleans, boxed and big numbers, enums, UUIDs and arrays go to {@link KeyRenderer} (which bounds,
 * escapes and never throws); tuples and case classes ({@link Product}) are rendered element by element within
 * the same budget; any other object becomes {@code ClassName#hashCode}, since its {@code toString} could
 * print a whole collection — the hash code is what the shuffle computes for the key anyway.
 */
final class KeyText {

  /** Bound of a rendering, as {@link KeyRenderer#DEFAULT_MAX_CHARS}. */
  static final int MAX_CHARS = KeyRenderer.DEFAULT_MAX_CHARS;

  private static final String CUT = "\u2026";

  private KeyText() {}

  static String render(Object key) {
    StringBuilder out = new StringBuilder();
    append(out, key, 0);
    if (out.length() > MAX_CHARS) {
      out.setLength(MAX_CHARS);
      out.append(CUT);
    }
    return out.toString();
  }

  private static void append(StringBuilder out, Object key, int depth) {
    if (out.length() > MAX_CHARS) {
      return;
    }
    if (key == null || isValueLike(key) || key.getClass().isArray()) {
      out.append(KeyRenderer.DEFAULT.render(key));
    } else if (key instanceof Product product && depth < 3) {
      appendProduct(out, product, depth);
    } else {
      out.append(key.getClass().getName()).append('#').append(Integer.toHexString(safeHashCode(key)));
    }
  }

  private static boolean isValueLike(Object key) {
    return key instanceof String || key instanceof Character || key instanceof Boolean || key instanceof Enum<?>
        || key instanceof UUID || key instanceof BigDecimal || key instanceof BigInteger
        || (key instanceof Number && key.getClass().getName().startsWith("java.lang."));
  }

  private static void appendProduct(StringBuilder out, Product product, int depth) {
    String prefix;
    int arity;
    try {
      prefix = product.productPrefix();
      arity = product.productArity();
    } catch (RuntimeException e) {
      out.append(product.getClass().getName()).append("#?");
      return;
    }
    out.append(prefix.startsWith("Tuple") ? "" : prefix).append('(');
    for (int i = 0; i < arity && out.length() <= MAX_CHARS; i++) {
      if (i > 0) {
        out.append(", ");
      }
      Object element;
      try {
        element = product.productElement(i);
      } catch (RuntimeException e) {
        out.append("<element failed: ").append(e.getClass().getSimpleName()).append('>');
        continue;
      }
      append(out, element, depth + 1);
    }
    out.append(')');
  }

  private static int safeHashCode(Object key) {
    try {
      return key.hashCode();
    } catch (RuntimeException e) {
      return System.identityHashCode(key);
    }
  }
}

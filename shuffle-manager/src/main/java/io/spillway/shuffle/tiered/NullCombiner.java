package io.spillway.shuffle.tiered;

/**
 * Stands for a null combiner in the tiered store, which refuses null values (Spark's map allows them, e.g.
 * a reduceByKey over null values). An enum constant: Java serialization and Kryo both read it back as the
 * same instance.
 */
public enum NullCombiner {
  INSTANCE;

  static Object box(Object combiner) {
    return combiner == null ? INSTANCE : combiner;
  }

  @SuppressWarnings("unchecked")
  static <C> C unbox(Object stored) {
    return stored == INSTANCE ? null : (C) stored;
  }
}

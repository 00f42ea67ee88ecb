package io.spillway.storage.serializer;

/**
 * Rethrows a checked exception unchanged from a method that cannot declare it: Spark's Scala serializer
 * API throws {@code IOException} undeclared, and its callers (disk writers, fetchers) match on that type, so
 * wrapping it would change how Spark handles a failed write.
 */
final class Sneaky {

  private Sneaky() {}

  /** Throws {@code t} as is; declared to return so callers can write {@code throw Sneaky.rethrow(e)}. */
  static RuntimeException rethrow(Throwable t) {
    return Sneaky.<RuntimeException>doThrow(t);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException doThrow(Throwable t) throws E {
    throw (E) t;
  }
}

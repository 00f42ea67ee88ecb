package io.spillway.shuffle.tiered;

import io.spillway.storage.tiered.ValueWeigher;
import org.apache.spark.util.SizeEstimator;

/**
 * Estimated heap bytes of a combiner in the store's heap tier, computed on every write: boxed primitives
 * and strings by formula (the common reduceByKey combiners; Spark's {@code SizeEstimator} walks even a
 * boxed {@code Long} through its reflective machinery, which measured as a large share of a merge), any
 * other combiner by {@code SizeEstimator}.
 */
final class CombinerWeigher implements ValueWeigher<Object> {

  /** Object header (12) + a 4- or 8-byte field, rounded to 8: what HotSpot gives a boxed primitive. */
  static final long BOXED_BYTES = 16;

  @Override
  public long estimateBytes(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Double || v instanceof Float || v instanceof Short
        || v instanceof Byte || v instanceof Character || v instanceof Boolean || v instanceof NullCombiner) {
      return BOXED_BYTES;
    }
    if (v instanceof String s) {
      return 24 + 16 + align8(s.length() * 2L); // String (hash, coder, value ref) + byte[] header + bytes (UTF-16 worst case)
    }
    return SizeEstimator.estimate(v);
  }

  private static long align8(long bytes) {
    return (bytes + 7) & ~7L;
  }
}

package io.spillway.storage.tiered;

import org.apache.spark.util.SizeEstimator;

/** Estimated heap bytes of a value in the heap tier; the heap tier's bound is a sum of these. */
@FunctionalInterface
public interface ValueWeigher<V> {

  long estimateBytes(V value);

  /**
   * Spark's {@code SizeEstimator} (what {@code ExternalAppendOnlyMap} samples with): walks the object graph
   * per call, so it suits combiners of a few objects; pass a cheaper weigher for large values.
   */
  static <V> ValueWeigher<V> sizeEstimator() {
    return SizeEstimator::estimate;
  }
}

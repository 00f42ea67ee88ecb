package io.spillway.skew;

/**
 * {@link SkewJoin.Options} resolved against one application's conf: every number the planner uses, in bytes.
 *
 * @param sampleFraction     share of each side's rows sampled to estimate per-key bytes
 * @param hotThresholdBytes  a key is hot on a side when its estimated bytes there exceed this
 * @param bucketBytes        target estimated bytes of one bucket of a salted key
 * @param maxBucketsPerKey   cap of a key's bucket count: the replicated side is copied this many times at most
 * @param seed               sampling seed, so the same inputs give the same plan
 */
record Settings(double sampleFraction, long hotThresholdBytes, long bucketBytes, int maxBucketsPerKey, long seed) {

  Settings {
    if (!(sampleFraction > 0 && sampleFraction <= 1)) {
      throw new IllegalArgumentException("sampleFraction must be in (0, 1] but was " + sampleFraction);
    }
    if (hotThresholdBytes < 1 || bucketBytes < 1) {
      throw new IllegalArgumentException("hotThresholdBytes and bucketBytes must be positive but were "
          + hotThresholdBytes + " and " + bucketBytes);
    }
    if (maxBucketsPerKey < 2) {
      throw new IllegalArgumentException("maxBucketsPerKey must be at least 2 but was " + maxBucketsPerKey);
    }
  }

  /**
   * Buckets for a key of {@code estimatedBytes} on its larger side: {@code ceil(bytes / bucketBytes)}, at least 2
   * (a hot key that fits one bucket still gets split, or it would not be worth the replication) and at most
   * {@link #maxBucketsPerKey}.
   */
  int bucketsFor(long estimatedBytes) {
    long n = (estimatedBytes + bucketBytes - 1) / bucketBytes;
    return (int) Math.max(2, Math.min(maxBucketsPerKey, n));
  }
}

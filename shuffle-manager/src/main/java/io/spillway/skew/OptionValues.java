package io.spillway.skew;

import java.util.Locale;
import org.apache.spark.SparkConf;

/**
 * The values behind a {@link SkewJoin.Options}: each {@code with…} checks its value and returns a copy, so the
 * public class stays a thin, immutable face. A size of 0 means "derive it from the conf" ({@link #resolve}).
 *
 * @param sampleFraction share of each side's rows sampled, in (0, 1]
 * @param bucketHeapRatio share of one task slot's heap one bucket may take, in (0, 1]
 * @param bucketBytes target estimated bytes of one bucket; 0 derives it from {@code bucketHeapRatio}
 * @param hotThresholdBytes estimated bytes above which a key is hot; 0 means the bucket target
 * @param maxBucketsPerKey most buckets one key is split into, at least 2
 * @param seed sampling seed
 */
record OptionValues(double sampleFraction, double bucketHeapRatio, long bucketBytes, long hotThresholdBytes,
    int maxBucketsPerKey, long seed) {

  OptionValues withSampleFraction(double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("sample fraction must be in (0, 1] but was " + fraction);
    }
    return new OptionValues(fraction, bucketHeapRatio, bucketBytes, hotThresholdBytes, maxBucketsPerKey, seed);
  }

  OptionValues withBucketHeapRatio(double ratio) {
    if (!(ratio > 0 && ratio <= 1)) {
      throw new IllegalArgumentException("bucket heap ratio must be in (0, 1] but was " + ratio);
    }
    return new OptionValues(sampleFraction, ratio, bucketBytes, hotThresholdBytes, maxBucketsPerKey, seed);
  }

  OptionValues withBucketBytes(long bytes) {
    return new OptionValues(sampleFraction, bucketHeapRatio, positive(bytes, "bucket bytes"), hotThresholdBytes,
        maxBucketsPerKey, seed);
  }

  OptionValues withHotThresholdBytes(long bytes) {
    return new OptionValues(sampleFraction, bucketHeapRatio, bucketBytes, positive(bytes, "hot threshold bytes"),
        maxBucketsPerKey, seed);
  }

  private static long positive(long bytes, String what) {
    if (bytes < 1) {
      throw new IllegalArgumentException(what + " must be positive but was " + bytes);
    }
    return bytes;
  }

  OptionValues withMaxBucketsPerKey(int buckets) {
    if (buckets < 2) {
      throw new IllegalArgumentException("max buckets per key must be at least 2 but was " + buckets);
    }
    return new OptionValues(sampleFraction, bucketHeapRatio, bucketBytes, hotThresholdBytes, buckets, seed);
  }

  OptionValues withSeed(long newSeed) {
    return new OptionValues(sampleFraction, bucketHeapRatio, bucketBytes, hotThresholdBytes, maxBucketsPerKey, newSeed);
  }

  /** Every size resolved against {@code conf}: see {@link SkewJoin.Options}. */
  Settings resolve(SparkConf conf) {
    long executorBytes = conf.getSizeAsBytes("spark.executor.memory", "1g");
    int cores = Math.max(1, conf.getInt("spark.executor.cores", 1));
    long bucket = bucketBytes > 0 ? bucketBytes : Math.max(1, (long) (bucketHeapRatio * executorBytes / cores));
    long threshold = hotThresholdBytes > 0 ? hotThresholdBytes : bucket;
    return new Settings(sampleFraction, threshold, bucket, maxBucketsPerKey, seed);
  }

  /** {@code Options(…)} with derived sizes said as such; {@link SkewJoin.Options#toString} prefixes it. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Options(sampleFraction=%s, bucketHeapRatio=%s, bucketBytes=%s, "
        + "hotThresholdBytes=%s, maxBucketsPerKey=%d, seed=%d)", sampleFraction, bucketHeapRatio,
        bucketBytes > 0 ? bucketBytes : "derived", hotThresholdBytes > 0 ? hotThresholdBytes : "derived",
        maxBucketsPerKey, seed);
  }
}

package io.spillway.skew;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.util.SizeEstimator;
import scala.Tuple2;

/**
 * Finds the hot keys of a join before it runs, by sampling both sides in one Spark job: of each side's
 * {@code sample(false, fraction, seed)}, per side and key, the values' heap size by Spark's {@link SizeEstimator}
 * (what a reduce task's {@code CompactBuffer} will hold), summed on the executors and scaled by
 * {@code 1 / fraction}; only keys above the threshold come back to the driver.
 *
 * <p>Why bytes and not rows: the failure to avoid is one reduce task buffering one key's values, whose cost is
 * bytes; a million small rows are harmless where a thousand 1 MiB rows are not. Why sampling and not the
 * shuffle's own counts: the plan has to exist before the shuffle that would blow up, and a sample costs one
 * pass without a shuffle of the data (the per-key sums of the sample are small).
 *
 * <p>Error: a key of true bytes B has about {@code B * fraction / rowBytes} sampled rows; keys much above the
 * threshold are found reliably, keys near it may or may not be — either way the join stays correct, only the
 * memory bound of that key changes.
 */
final class HotKeyDetector {

  private HotKeyDetector() {}

  /** The plan for joining {@code left} with {@code right} under {@code settings}. */
  static <K, V, W> SaltPlan<K> plan(JavaPairRDD<K, V> left, JavaPairRDD<K, W> right, Settings settings) {
    SideBytes<K> estimates = estimateHotKeyBytes(left, right, settings);
    Set<K> keys = new HashSet<>(estimates.left().keySet());
    keys.addAll(estimates.right().keySet());
    Map<K, HotKey> hot = new HashMap<>();
    for (K key : keys) {
      long l = estimates.left().getOrDefault(key, 0L);
      long r = estimates.right().getOrDefault(key, 0L);
      // A key hot on one side only is larger there: the other side's estimate is at most the threshold.
      boolean saltLeft = l >= r;
      hot.put(key, new HotKey(settings.bucketsFor(Math.max(l, r)), saltLeft, l, r));
    }
    return new SaltPlan<>(hot, settings.bucketBytes());
  }

  /** Per side, the estimated value bytes of every key above the hot threshold on that side. */
  record SideBytes<K>(Map<K, Long> left, Map<K, Long> right) {}

  /**
   * Estimated heap bytes of the values of every key whose estimate on a side exceeds the hot threshold, both
   * sides in ONE job (the samples are tagged with their side and reduced together). Keys at or below the
   * threshold never leave the executors. The right side is sampled with {@code seed + 1}.
   */
  static <K, V, W> SideBytes<K> estimateHotKeyBytes(JavaPairRDD<K, V> left, JavaPairRDD<K, W> right,
      Settings settings) {
    double fraction = settings.sampleFraction();
    long thresholdBytes = settings.hotThresholdBytes();
    JavaPairRDD<Tuple2<Boolean, K>, Long> leftSizes = sample(left, fraction, settings.seed())
        .mapToPair(kv -> new Tuple2<>(new Tuple2<>(true, kv._1()), valueBytes(kv._2())));
    JavaPairRDD<Tuple2<Boolean, K>, Long> rightSizes = sample(right, fraction, settings.seed() + 1)
        .mapToPair(kv -> new Tuple2<>(new Tuple2<>(false, kv._1()), valueBytes(kv._2())));
    int partitions = Math.max(1, Math.max(left.getNumPartitions(), right.getNumPartitions()));
    Map<Tuple2<Boolean, K>, Long> hot = leftSizes.union(rightSizes)
        .reduceByKey(Long::sum, partitions)
        .mapValues(bytes -> (long) Math.ceil(bytes / fraction))
        .filter(kv -> kv._2() > thresholdBytes)
        .collectAsMap();
    Map<K, Long> l = new HashMap<>();
    Map<K, Long> r = new HashMap<>();
    hot.forEach((sideAndKey, bytes) -> (sideAndKey._1() ? l : r).put(sideAndKey._2(), bytes));
    return new SideBytes<>(l, r);
  }

  private static <K, V> JavaPairRDD<K, V> sample(JavaPairRDD<K, V> side, double fraction, long seed) {
    return fraction >= 1.0 ? side : side.sample(false, fraction, seed);
  }

  /** Heap bytes of one value as a reduce task would buffer it; a null value is just its reference. */
  static long valueBytes(Object value) {
    return value == null ? 0L : SizeEstimator.estimate(value);
  }
}

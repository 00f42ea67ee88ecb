package io.spillway.storage.tiered;

import io.spillway.runtime.config.TieredKeys;
import io.spillway.runtime.pressure.PressureLevel;
import org.apache.spark.SparkConf;

/**
 * Sizes of one {@link TieredStore}.
 *
 * @param heapMaxBytes         weight bound of the on-heap tier at NORMAL pressure (estimated bytes)
 * @param elevatedHeapShare    share of {@code heapMaxBytes} the heap tier keeps at ELEVATED
 * @param highHeapShare        share kept at HIGH
 * @param criticalHeapShare    share kept at CRITICAL (0: every entry goes off heap as soon as it is written)
 * @param firstMapEntries      entries the first Chronicle Map is sized for; each chained map is sized for twice
 *                             the previous one, so a store of n entries has O(log n) maps to probe
 */
public record TieredStoreConfig(long heapMaxBytes, double elevatedHeapShare, double highHeapShare,
    double criticalHeapShare, long firstMapEntries) {

  public TieredStoreConfig {
    if (heapMaxBytes < 0) {
      throw new IllegalArgumentException("heapMaxBytes was " + heapMaxBytes + ", must be >= 0");
    }
    checkRatio("elevatedHeapShare", elevatedHeapShare);
    checkRatio("highHeapShare", highHeapShare);
    checkRatio("criticalHeapShare", criticalHeapShare);
    if (!(criticalHeapShare <= highHeapShare && highHeapShare <= elevatedHeapShare)) {
      throw new IllegalArgumentException("heap ratios must not grow with pressure: elevated " + elevatedHeapShare
          + ", high " + highHeapShare + ", critical " + criticalHeapShare);
    }
    if (firstMapEntries < 1) {
      throw new IllegalArgumentException("firstMapEntries was " + firstMapEntries + ", must be >= 1");
    }
  }

  private static void checkRatio(String name, double v) {
    if (!(v >= 0.0 && v <= 1.0)) {
      throw new IllegalArgumentException(name + " was " + v + ", must be in [0, 1]");
    }
  }

  /** The defaults of {@code spark.spillway.tiered.*} with an explicit heap bound (tests, benchmarks). */
  public static TieredStoreConfig withHeapMaxBytes(long heapMaxBytes) {
    return fromSparkConf(new SparkConf(false), 0L).withHeap(heapMaxBytes);
  }

  /**
   * From {@code spark.spillway.tiered.*}: the heap tier at NORMAL may hold
   * {@code tiered.heapRatio × maxHeapBytes}.
   */
  public static TieredStoreConfig fromSparkConf(SparkConf conf, long maxHeapBytes) {
    return new TieredStoreConfig(
        (long) (TieredKeys.TIERED_HEAP_RATIO.get(conf) * maxHeapBytes),
        TieredKeys.TIERED_ELEVATED_HEAP_SHARE.get(conf),
        TieredKeys.TIERED_HIGH_HEAP_SHARE.get(conf),
        TieredKeys.TIERED_CRITICAL_HEAP_SHARE.get(conf),
        TieredKeys.TIERED_FIRST_MAP_ENTRIES.get(conf));
  }

  /** This config with another NORMAL heap bound. */
  public TieredStoreConfig withHeap(long bytes) {
    return new TieredStoreConfig(bytes, elevatedHeapShare, highHeapShare, criticalHeapShare, firstMapEntries);
  }

  /** This config with another first-map size (tests force chaining with a tiny one). */
  public TieredStoreConfig withFirstMapEntries(long entries) {
    return new TieredStoreConfig(heapMaxBytes, elevatedHeapShare, highHeapShare, criticalHeapShare, entries);
  }

  /** The heap tier's weight bound at {@code level}. */
  public long heapMaxBytesAt(PressureLevel level) {
    double ratio = switch (level) {
      case NORMAL -> 1.0;
      case ELEVATED -> elevatedHeapShare;
      case HIGH -> highHeapShare;
      case CRITICAL -> criticalHeapShare;
    };
    return (long) (heapMaxBytes * ratio);
  }
}

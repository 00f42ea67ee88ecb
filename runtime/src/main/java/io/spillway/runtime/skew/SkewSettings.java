package io.spillway.runtime.skew;

import io.spillway.runtime.config.SkewKeys;
import org.apache.spark.SparkConf;

/**
 * The hot-key detection settings ({@code spark.spillway.skew.*}), read once from a validated conf.
 *
 * @param enabled whether map tasks sketch keys
 * @param sketchCapacity keys a map task's sketch tracks
 * @param sampleEvery one record in this many is counted
 * @param keyRenderChars longest key rendering
 * @param report what the driver reports and flags
 */
public record SkewSettings(boolean enabled, int sketchCapacity, int sampleEvery, int keyRenderChars,
    ShuffleSkewCollector.Settings report) {

  /** The settings in {@code conf}. */
  public static SkewSettings from(SparkConf conf) {
    int capacity = SkewKeys.SKEW_SKETCH_CAPACITY.get(conf);
    return new SkewSettings(SkewKeys.SKEW_ENABLED.get(conf), capacity, SkewKeys.SKEW_SAMPLE_EVERY.get(conf),
        SkewKeys.SKEW_KEY_RENDER_CHARS.get(conf),
        new ShuffleSkewCollector.Settings(SkewKeys.SKEW_REPORT_TOP_KEYS.get(conf),
            SkewKeys.SKEW_MIN_HOT_SHARE.get(conf), SkewKeys.SKEW_HOT_PARTITION_LOAD.get(conf), capacity));
  }
}

package io.spillway.runtime.skew;

import io.spillway.runtime.config.SpillwayConf;
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
    int capacity = SpillwayConf.SKEW_SKETCH_CAPACITY.get(conf);
    return new SkewSettings(SpillwayConf.SKEW_ENABLED.get(conf), capacity, SpillwayConf.SKEW_SAMPLE_EVERY.get(conf),
        SpillwayConf.SKEW_KEY_RENDER_CHARS.get(conf),
        new ShuffleSkewCollector.Settings(SpillwayConf.SKEW_REPORT_TOP_KEYS.get(conf),
            SpillwayConf.SKEW_MIN_HOT_SHARE.get(conf), SpillwayConf.SKEW_HOT_PARTITION_LOAD.get(conf), capacity));
  }
}

package io.spillway.runtime.config;

/**
 * Hot-key detection's settings ({@code spark.spillway.skew.*}).
 * Declared here and registered with {@link SpillwayConf}, which validates, lists and documents every key.
 */
public final class SkewKeys {

  private static final String PREFIX = SpillwayConf.PREFIX;
  private static final KeyGroup KEYS = new KeyGroup();

  /** Whether map tasks sketch their heaviest keys and the driver reports them per shuffle. */
  public static final ConfigEntry<Boolean> SKEW_ENABLED = KEYS.add(
      ConfigEntry.bool(PREFIX + "skew.enabled", true)
          .doc("Every map task written through SpillwayShuffleManager keeps a bounded heavy-hitter sketch of its keys; "
              + "the driver merges them per shuffle and reports the top keys (driver log, metrics, event log). Needs "
              + "the plugin (spark.plugins) to carry sketches to the driver.")
          .build());
  /** Keys a map task's sketch tracks at once. */
  public static final ConfigEntry<Integer> SKEW_SKETCH_CAPACITY = KEYS.add(
      ConfigEntry.intValue(PREFIX + "skew.sketchCapacity", 64, 8, 4096)
          .doc("Keys each map task's Space-Saving sketch tracks at once. Any key with more than 1/capacity of a task's "
              + "sampled records is guaranteed to be tracked.")
          .build());
  /** One record in this many is counted by the sketch. */
  public static final ConfigEntry<Integer> SKEW_SAMPLE_EVERY = KEYS.add(
      ConfigEntry.intValue(PREFIX + "skew.sampleEvery", 128, 1, 1_000_000)
          .doc("The sketch counts one record in this many (random gaps averaging this many, counts scaled back up) and measures "
              + "its serialized size with the shuffle's serializer; 1 counts every record. Hot keys are frequent, so "
              + "sampling finds them at a fraction of the cost.")
          .build());
  /** Keys per shuffle report. */
  public static final ConfigEntry<Integer> SKEW_REPORT_TOP_KEYS = KEYS.add(
      ConfigEntry.intValue(PREFIX + "skew.reportTopKeys", 10, 1, 1000)
          .doc("How many of a shuffle's heaviest keys its report lists.")
          .build());
  /** A hot key carries at least this many average reduce partitions' worth of data. */
  public static final ConfigEntry<Double> SKEW_HOT_PARTITION_LOAD = KEYS.add(
      ConfigEntry.ratio(PREFIX + "skew.hotPartitionLoad", 2.0, 1.0, 1_000_000.0)
          .doc("A key is flagged hot when it alone carries at least this many times an average reduce partition's "
              + "bytes (records when sizes are unknown) and at least skew.minHotShare of the shuffle.")
          .build());
  /** A hot key carries at least this share of the shuffle. */
  public static final ConfigEntry<Double> SKEW_MIN_HOT_SHARE = KEYS.add(
      ConfigEntry.ratio(PREFIX + "skew.minHotShare", 0.01, 0.0, 1.0)
          .doc("Least share of a shuffle's records or bytes a key must carry to be flagged hot.")
          .build());
  /** Longest key rendering in reports. */
  public static final ConfigEntry<Integer> SKEW_KEY_RENDER_CHARS = KEYS.add(
      ConfigEntry.intValue(PREFIX + "skew.keyRenderChars", 64, 16, 4096)
          .doc("Longest rendering of a key in reports; longer keys are cut, binary keys shown as hex, collections by "
              + "size and first elements, and a toString that throws is reported, not thrown.")
          .build());

  private SkewKeys() {}

  static KeyGroup keys() {
    return KEYS;
  }
}

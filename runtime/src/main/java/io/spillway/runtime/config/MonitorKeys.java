package io.spillway.runtime.config;

/**
 * The heap-pressure monitor's settings ({@code spark.spillway.monitor.*}), with the rules that order its thresholds.
 * Declared here and registered with {@link SpillwayConf}, which validates, lists and documents every key.
 */
public final class MonitorKeys {

  private static final String PREFIX = SpillwayConf.PREFIX;
  private static final KeyGroup KEYS = new KeyGroup();

  /** Master switch of the executor heap-pressure monitor; off means the level always reads NORMAL. */
  public static final ConfigEntry<Boolean> MONITOR_ENABLED = KEYS.add(
      ConfigEntry.bool(PREFIX + "monitor.enabled", true)
          .doc("Run the executor heap-pressure monitor (GC notifications). When false the pressure level is always NORMAL.")
          .build());

  /** Width of the sliding window over which the share of wall time spent in GC is measured. */
  public static final ConfigEntry<Long> MONITOR_GC_WINDOW_MILLIS = KEYS.add(
      ConfigEntry.durationMillis(PREFIX + "monitor.gcWindow", 10_000L, 1_000L, 600_000L)
          .doc("Sliding window for the GC-time share and for counting ineffective full GCs.")
          .build());

  /** How long a level holds before it may step down; stepping up is immediate. */
  public static final ConfigEntry<Long> MONITOR_MIN_DWELL_MILLIS = KEYS.add(
      ConfigEntry.durationMillis(PREFIX + "monitor.minDwell", 2_000L, 0L, 600_000L)
          .doc("Minimum time at a pressure level before it may drop to a lower one (rising is immediate).")
          .build());

  /** Post-GC old-generation occupancy that enters ELEVATED. */
  public static final ConfigEntry<Double> MONITOR_ELEVATED_OCCUPANCY_RATIO = KEYS.add(occupancy(
      "elevatedOccupancyRatio", 0.70, "Post-GC old-gen used/max at or above which the level becomes ELEVATED."));
  /** Occupancy below which ELEVATED is left. */
  public static final ConfigEntry<Double> MONITOR_ELEVATED_OCCUPANCY_EXIT_RATIO = KEYS.add(occupancy(
      "elevatedOccupancyExitRatio", 0.60, "Post-GC old-gen used/max below which ELEVATED is left (must be below the enter ratio)."));
  /** Occupancy that enters HIGH. */
  public static final ConfigEntry<Double> MONITOR_HIGH_OCCUPANCY_RATIO = KEYS.add(occupancy(
      "highOccupancyRatio", 0.80, "Post-GC old-gen used/max at or above which the level becomes HIGH."));
  /** Occupancy below which HIGH is left. */
  public static final ConfigEntry<Double> MONITOR_HIGH_OCCUPANCY_EXIT_RATIO = KEYS.add(occupancy(
      "highOccupancyExitRatio", 0.72, "Post-GC old-gen used/max below which HIGH is left (must be below the enter ratio)."));
  /** Occupancy that enters CRITICAL. */
  public static final ConfigEntry<Double> MONITOR_CRITICAL_OCCUPANCY_RATIO = KEYS.add(occupancy(
      "criticalOccupancyRatio", 0.90, "Post-GC old-gen used/max at or above which the level becomes CRITICAL."));
  /** Occupancy below which CRITICAL is left. */
  public static final ConfigEntry<Double> MONITOR_CRITICAL_OCCUPANCY_EXIT_RATIO = KEYS.add(occupancy(
      "criticalOccupancyExitRatio", 0.85, "Post-GC old-gen used/max below which CRITICAL is left (must be below the enter ratio)."));

  /** GC-time share of the window that enters ELEVATED. */
  public static final ConfigEntry<Double> MONITOR_ELEVATED_GC_TIME_RATIO = KEYS.add(gcTime(
      "elevatedGcTimeRatio", 0.10, "Share of wall time spent in GC pauses over the window at or above which the level becomes ELEVATED."));
  /** GC-time share below which ELEVATED is left. */
  public static final ConfigEntry<Double> MONITOR_ELEVATED_GC_TIME_EXIT_RATIO = KEYS.add(gcTime(
      "elevatedGcTimeExitRatio", 0.05, "GC-time share below which ELEVATED is left (must be below the enter ratio)."));
  /** GC-time share that enters HIGH. */
  public static final ConfigEntry<Double> MONITOR_HIGH_GC_TIME_RATIO = KEYS.add(gcTime(
      "highGcTimeRatio", 0.25, "GC-time share at or above which the level becomes HIGH."));
  /** GC-time share below which HIGH is left. */
  public static final ConfigEntry<Double> MONITOR_HIGH_GC_TIME_EXIT_RATIO = KEYS.add(gcTime(
      "highGcTimeExitRatio", 0.15, "GC-time share below which HIGH is left (must be below the enter ratio)."));
  /** GC-time share that enters CRITICAL. */
  public static final ConfigEntry<Double> MONITOR_CRITICAL_GC_TIME_RATIO = KEYS.add(gcTime(
      "criticalGcTimeRatio", 0.50, "GC-time share at or above which the level becomes CRITICAL."));
  /** GC-time share below which CRITICAL is left. */
  public static final ConfigEntry<Double> MONITOR_CRITICAL_GC_TIME_EXIT_RATIO = KEYS.add(gcTime(
      "criticalGcTimeExitRatio", 0.35, "GC-time share below which CRITICAL is left (must be below the enter ratio)."));

  /**
   * Old-gen occupancy below which the GC-time share does not count: GC time alone (young collections of a
   * CPU-bound job) does not mean the heap is running out.
   */
  public static final ConfigEntry<Double> MONITOR_GC_TIME_MIN_OCCUPANCY_RATIO = KEYS.add(occupancy(
      "gcTimeMinOccupancyRatio", 0.50, "The GC-time share raises the level only while the old generation (post-GC, or a "
          + "fresher reading between collections) is at least this full: a busy GC on a roomy heap is not pressure."));

  /** A full GC freeing less than this share of the max heap counts as ineffective. */
  public static final ConfigEntry<Double> MONITOR_INEFFECTIVE_FULL_GC_FREED_RATIO = KEYS.add(
      ConfigEntry.ratio(PREFIX + "monitor.ineffectiveFullGcFreedRatio", 0.05, 0.0, 1.0)
          .doc("A full (old) collection that frees less than this share of the max heap, on a heap at least as full as "
              + "elevatedOccupancyExitRatio, is ineffective.")
          .build());
  /** Ineffective full GCs in a row (within the window) that put the level at HIGH. */
  public static final ConfigEntry<Integer> MONITOR_INEFFECTIVE_FULL_GCS_FOR_HIGH = KEYS.add(
      ConfigEntry.intValue(PREFIX + "monitor.ineffectiveFullGcsForHigh", 1, 1, 1000)
          .doc("Consecutive ineffective full GCs within the window that raise the level to HIGH.")
          .build());
  /** Ineffective full GCs in a row (within the window) that put the level at CRITICAL. */
  public static final ConfigEntry<Integer> MONITOR_INEFFECTIVE_FULL_GCS_FOR_CRITICAL = KEYS.add(
      ConfigEntry.intValue(PREFIX + "monitor.ineffectiveFullGcsForCritical", 2, 1, 1000)
          .doc("Consecutive ineffective full GCs within the window that raise the level to CRITICAL (at least ineffectiveFullGcsForHigh).")
          .build());

  static {
    KEYS.requireAscending(MONITOR_ELEVATED_OCCUPANCY_EXIT_RATIO, MONITOR_ELEVATED_OCCUPANCY_RATIO, "an exit threshold must be below its enter threshold, or the level flaps");
    KEYS.requireAscending(MONITOR_HIGH_OCCUPANCY_EXIT_RATIO, MONITOR_HIGH_OCCUPANCY_RATIO, "an exit threshold must be below its enter threshold, or the level flaps");
    KEYS.requireAscending(MONITOR_CRITICAL_OCCUPANCY_EXIT_RATIO, MONITOR_CRITICAL_OCCUPANCY_RATIO, "an exit threshold must be below its enter threshold, or the level flaps");
    KEYS.requireAscending(MONITOR_ELEVATED_OCCUPANCY_RATIO, MONITOR_HIGH_OCCUPANCY_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    KEYS.requireAscending(MONITOR_HIGH_OCCUPANCY_RATIO, MONITOR_CRITICAL_OCCUPANCY_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    KEYS.requireAscending(MONITOR_ELEVATED_OCCUPANCY_EXIT_RATIO, MONITOR_HIGH_OCCUPANCY_EXIT_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    KEYS.requireAscending(MONITOR_HIGH_OCCUPANCY_EXIT_RATIO, MONITOR_CRITICAL_OCCUPANCY_EXIT_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    KEYS.requireAscending(MONITOR_ELEVATED_GC_TIME_EXIT_RATIO, MONITOR_ELEVATED_GC_TIME_RATIO, "an exit threshold must be below its enter threshold, or the level flaps");
    KEYS.requireAscending(MONITOR_HIGH_GC_TIME_EXIT_RATIO, MONITOR_HIGH_GC_TIME_RATIO, "an exit threshold must be below its enter threshold, or the level flaps");
    KEYS.requireAscending(MONITOR_CRITICAL_GC_TIME_EXIT_RATIO, MONITOR_CRITICAL_GC_TIME_RATIO, "an exit threshold must be below its enter threshold, or the level flaps");
    KEYS.requireAscending(MONITOR_ELEVATED_GC_TIME_RATIO, MONITOR_HIGH_GC_TIME_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    KEYS.requireAscending(MONITOR_HIGH_GC_TIME_RATIO, MONITOR_CRITICAL_GC_TIME_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    KEYS.requireAscending(MONITOR_ELEVATED_GC_TIME_EXIT_RATIO, MONITOR_HIGH_GC_TIME_EXIT_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    KEYS.requireAscending(MONITOR_HIGH_GC_TIME_EXIT_RATIO, MONITOR_CRITICAL_GC_TIME_EXIT_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    KEYS.requireAtMost(MONITOR_INEFFECTIVE_FULL_GCS_FOR_HIGH, MONITOR_INEFFECTIVE_FULL_GCS_FOR_CRITICAL, "levels are ordered HIGH < CRITICAL");
  }

  private static ConfigEntry<Double> occupancy(String name, double defaultRatio, String doc) {
    return ConfigEntry.ratio(PREFIX + "monitor." + name, defaultRatio, 0.0, 1.0).doc(doc).build();
  }

  private static ConfigEntry<Double> gcTime(String name, double defaultRatio, String doc) {
    return ConfigEntry.ratio(PREFIX + "monitor." + name, defaultRatio, 0.0, 1.0).doc(doc).build();
  }

  private MonitorKeys() {}

  static KeyGroup keys() {
    return KEYS;
  }
}

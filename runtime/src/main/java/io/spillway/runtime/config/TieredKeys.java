package io.spillway.runtime.config;

/**
 * The tiered store's settings ({@code spark.spillway.tiered.*}).
 * Declared here and registered with {@link SpillwayConf}, which validates, lists and documents every key.
 */
public final class TieredKeys {

  private static final String PREFIX = SpillwayConf.PREFIX;
  private static final KeyGroup KEYS = new KeyGroup();

  /**
   * Share of the executor's max heap one tiered store's on-heap (Caffeine) tier may hold at NORMAL pressure;
   * what it evicts goes to the off-heap Chronicle Map tier (docs/tiered-store.md).
   */
  public static final ConfigEntry<Double> TIERED_HEAP_RATIO = KEYS.add(
      ConfigEntry.ratio(PREFIX + "tiered.heapRatio", 0.1, 0.0, 1.0)
          .doc("Weight bound (estimated bytes) of one tiered store's on-heap tier at NORMAL pressure, as a share of the "
              + "executor's max heap; entries it evicts are written to the off-heap Chronicle Map tier.")
          .build());

  /** Share of the NORMAL bound the heap tier keeps at ELEVATED. */
  public static final ConfigEntry<Double> TIERED_ELEVATED_HEAP_SHARE = KEYS.add(
      ConfigEntry.ratio(PREFIX + "tiered.elevatedHeapShare", 0.5, 0.0, 1.0)
          .doc("Share of tiered.heapRatio's bound a tiered store's heap tier keeps at ELEVATED pressure.")
          .build());

  /** Share of the NORMAL bound the heap tier keeps at HIGH. */
  public static final ConfigEntry<Double> TIERED_HIGH_HEAP_SHARE = KEYS.add(
      ConfigEntry.ratio(PREFIX + "tiered.highHeapShare", 0.125, 0.0, 1.0)
          .doc("Share of tiered.heapRatio's bound a tiered store's heap tier keeps at HIGH pressure.")
          .build());

  /** Share of the NORMAL bound the heap tier keeps at CRITICAL. */
  public static final ConfigEntry<Double> TIERED_CRITICAL_HEAP_SHARE = KEYS.add(
      ConfigEntry.ratio(PREFIX + "tiered.criticalHeapShare", 0.0, 0.0, 1.0)
          .doc("Share of tiered.heapRatio's bound a tiered store's heap tier keeps at CRITICAL pressure (0: every entry "
              + "goes off heap as soon as it is written).")
          .build());

  /** Entries the first off-heap map of a store is sized for; each chained map doubles it. */
  public static final ConfigEntry<Long> TIERED_FIRST_MAP_ENTRIES = KEYS.add(
      ConfigEntry.longValue(PREFIX + "tiered.firstMapEntries", 65_536L, 1L, 1L << 30)
          .doc("Entries the first off-heap Chronicle Map of a tiered store is sized for (its file is preallocated on disk); when a map "
              + "fills, another one twice as large is chained.")
          .build());

  /** When reduce-side aggregation of a map-side-combined shuffle uses the tiered store (auto, never, always). */
  public static final ConfigEntry<String> TIERED_AGGREGATION = KEYS.add(
      new ConfigEntry.Builder<String>(PREFIX + "tiered.aggregation", "auto")
          .parser(s -> s.trim().toLowerCase(java.util.Locale.ROOT))
          .accepts(v -> v.equals("auto") || v.equals("never") || v.equals("always"), "auto, never or always")
          .doc("Reduce-side aggregation of a map-side-combined shuffle (reduceByKey, aggregateByKey, combineByKey) "
              + "through the off-heap tiered store. auto: Spark's ExternalAppendOnlyMap, except when the pressure level is "
              + "HIGH or above when the read starts (the store from the first record) or when Spark's map would first "
              + "spill (its combiners move to the store and the rest of the read merges there); only for keys whose serialized bytes are equal exactly when the keys are "
              + "(strings, boxed primitives, Tuple2 of those). never: Spark's path. always: the store for every key type "
              + "(tests, benchmarks). Applies to Spillway's reader; off when the store is unavailable.")
          .build());

  static {
    KEYS.requireAtMost(TIERED_CRITICAL_HEAP_SHARE, TIERED_HIGH_HEAP_SHARE, "CRITICAL must not keep more on heap than HIGH");
    KEYS.requireAtMost(TIERED_HIGH_HEAP_SHARE, TIERED_ELEVATED_HEAP_SHARE, "HIGH must not keep more on heap than ELEVATED");
  }

  private TieredKeys() {}

  static KeyGroup keys() {
    return KEYS;
  }
}

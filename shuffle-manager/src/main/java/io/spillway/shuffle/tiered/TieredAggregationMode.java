package io.spillway.shuffle.tiered;

import io.spillway.runtime.config.TieredKeys;
import java.util.Locale;
import org.apache.spark.SparkConf;

/** {@code spark.spillway.tiered.aggregation}: when reduce-side aggregation may use the tiered store. */
public enum TieredAggregationMode {
  /** Spark's map until it would spill or pressure is elevated at the read's start; canonical keys only. */
  AUTO,
  /** Always Spark's {@code ExternalAppendOnlyMap}. */
  NEVER,
  /** The store from the first record, for every key type (tests, benchmarks). */
  ALWAYS;

  public static TieredAggregationMode of(SparkConf conf) {
    return valueOf(TieredKeys.TIERED_AGGREGATION.get(conf).toUpperCase(Locale.ROOT));
  }
}

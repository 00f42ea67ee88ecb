package io.spillway.runtime.pressure;

import static io.spillway.runtime.config.MonitorKeys.*;

import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;

/**
 * Everything the monitor is tuned by, read once from the {@code spark.spillway.monitor.*} entries.
 *
 * @param enabled whether the executor plugin starts the monitor at all
 * @param gcWindowNanos width of the sliding window for GC-time share and ineffective full GCs
 * @param minDwellNanos minimum time at a level before stepping down (stepping up is immediate)
 * @param occupancy bands of the post-GC old-generation occupancy ratio
 * @param gcTime bands of the GC-time share over the window
 * @param gcTimeMinOccupancyRatio the GC-time share votes only at or above this old-gen occupancy
 * @param ineffectiveGc when full GCs count as freeing little, and how many mean what
 */
public record PressureSettings(
    boolean enabled,
    long gcWindowNanos,
    long minDwellNanos,
    SignalBands occupancy,
    SignalBands gcTime,
    double gcTimeMinOccupancyRatio,
    IneffectiveGcRule ineffectiveGc) {

  public PressureSettings {
    if (gcWindowNanos <= 0 || minDwellNanos < 0) {
      throw new IllegalArgumentException("need gcWindowNanos > 0 (" + gcWindowNanos + ") and minDwellNanos >= 0 (" + minDwellNanos + ")");
    }
  }

  /**
   * Reads the settings from {@code conf}. Call {@link io.spillway.runtime.config.SpillwayConf#validate}
   * first for a message naming the offending key; this only re-checks the invariants.
   */
  public static PressureSettings from(SparkConf conf) {
    SignalBands occupancy = new SignalBands(
        new Band(MONITOR_ELEVATED_OCCUPANCY_RATIO.get(conf), MONITOR_ELEVATED_OCCUPANCY_EXIT_RATIO.get(conf)),
        new Band(MONITOR_HIGH_OCCUPANCY_RATIO.get(conf), MONITOR_HIGH_OCCUPANCY_EXIT_RATIO.get(conf)),
        new Band(MONITOR_CRITICAL_OCCUPANCY_RATIO.get(conf), MONITOR_CRITICAL_OCCUPANCY_EXIT_RATIO.get(conf)));
    SignalBands gcTime = new SignalBands(
        new Band(MONITOR_ELEVATED_GC_TIME_RATIO.get(conf), MONITOR_ELEVATED_GC_TIME_EXIT_RATIO.get(conf)),
        new Band(MONITOR_HIGH_GC_TIME_RATIO.get(conf), MONITOR_HIGH_GC_TIME_EXIT_RATIO.get(conf)),
        new Band(MONITOR_CRITICAL_GC_TIME_RATIO.get(conf), MONITOR_CRITICAL_GC_TIME_EXIT_RATIO.get(conf)));
    IneffectiveGcRule ineffective = new IneffectiveGcRule(
        MONITOR_INEFFECTIVE_FULL_GC_FREED_RATIO.get(conf),
        occupancy.elevated().exitRatio(),
        MONITOR_INEFFECTIVE_FULL_GCS_FOR_HIGH.get(conf),
        MONITOR_INEFFECTIVE_FULL_GCS_FOR_CRITICAL.get(conf));
    return new PressureSettings(
        MONITOR_ENABLED.get(conf),
        TimeUnit.MILLISECONDS.toNanos(MONITOR_GC_WINDOW_MILLIS.get(conf)),
        TimeUnit.MILLISECONDS.toNanos(MONITOR_MIN_DWELL_MILLIS.get(conf)),
        occupancy,
        gcTime,
        MONITOR_GC_TIME_MIN_OCCUPANCY_RATIO.get(conf),
        ineffective);
  }

  /** The documented defaults. */
  public static PressureSettings defaults() {
    return from(new SparkConf(false));
  }
}

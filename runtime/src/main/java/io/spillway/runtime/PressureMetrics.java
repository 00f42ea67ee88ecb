package io.spillway.runtime;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.spillway.runtime.pressure.PressureChange;
import io.spillway.runtime.pressure.PressureListener;
import io.spillway.runtime.pressure.PressureMonitor;

/**
 * Exposes the monitor through the plugin's Dropwizard registry (Spark's metric sinks export it, prefixed
 * with the plugin name): the level as an int (0 NORMAL … 3 CRITICAL) so dashboards can plot it, the two
 * ratios behind it, and a counter of level changes that makes flapping visible.
 */
final class PressureMetrics implements PressureListener {

  static final String LEVEL = "pressure.level";
  static final String OLD_GEN_OCCUPANCY_RATIO = "pressure.oldGenOccupancyRatio";
  static final String GC_TIME_RATIO = "pressure.gcTimeRatio";
  static final String LEVEL_CHANGES = "pressure.levelChanges";

  private final Counter levelChanges;

  private PressureMetrics(Counter levelChanges) {
    this.levelChanges = levelChanges;
  }

  /** Registers the gauges and counter, and returns the listener that counts changes. */
  static PressureMetrics register(MetricRegistry registry, PressureMonitor monitor) {
    registry.register(LEVEL, (Gauge<Integer>) () -> monitor.current().level().ordinal());
    registry.register(OLD_GEN_OCCUPANCY_RATIO, (Gauge<Double>) () -> monitor.lastSnapshot().signals().oldGenOccupancyRatio());
    registry.register(GC_TIME_RATIO, (Gauge<Double>) () -> monitor.current().signals().gcTimeRatio());
    return new PressureMetrics(registry.counter(LEVEL_CHANGES));
  }

  @Override
  public void onLevelChange(PressureChange change) {
    levelChanges.inc();
  }
}

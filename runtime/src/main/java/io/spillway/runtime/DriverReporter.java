package io.spillway.runtime;

import io.spillway.runtime.pressure.PressureChange;
import io.spillway.runtime.pressure.PressureListener;
import java.io.IOException;
import java.util.function.LongSupplier;
import org.apache.spark.api.plugin.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each level change to the driver plugin. Runs on the GC notification thread (or a reader's), so
 * it uses the fire-and-forget {@code send}, never {@code ask}, and a failure to send is logged, not
 * thrown: losing one report is better than disturbing the JVM's notification thread.
 */
final class DriverReporter implements PressureListener {

  private static final Logger LOG = LoggerFactory.getLogger(DriverReporter.class);

  private final PluginContext ctx;
  private final LongSupplier wallClockMillis;

  DriverReporter(PluginContext ctx, LongSupplier wallClockMillis) {
    this.ctx = ctx;
    this.wallClockMillis = wallClockMillis;
  }

  @Override
  public void onLevelChange(PressureChange change) {
    PressureLevelChanged message = new PressureLevelChanged(ctx.executorID(), change.from(), change.to(),
        wallClockMillis.getAsLong(), change.signals().oldGenOccupancyRatio(), change.signals().gcTimeRatio());
    LOG.info("Spillway heap pressure {} -> {} (old-gen occupancy {}, GC time share {}, ineffective full GCs {})",
        change.from(), change.to(), String.format("%.2f", change.signals().oldGenOccupancyRatio()),
        String.format("%.2f", change.signals().gcTimeRatio()), change.signals().ineffectiveFullGcs());
    try {
      ctx.send(message);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not report pressure change {} -> {} to the driver; the driver's view may lag", change.from(), change.to(), e);
    }
  }
}

package io.spillway.runtime;

import io.spillway.runtime.control.ActionSink;
import io.spillway.runtime.control.ActionStep;
import io.spillway.runtime.pressure.PressureChange;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureListener;
import java.io.IOException;
import java.util.function.LongSupplier;
import org.apache.spark.api.plugin.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each level change ({@link PressureLevelChanged}) and each pressure action step
 * ({@link PressureActionTaken}) to the driver plugin, which logs them and posts them to the event log.
 * Level changes arrive on the GC notification thread (or a reader's), so it uses the fire-and-forget
 * {@code send}, never {@code ask}, and a failure to send is logged, not thrown: losing one report is
 * better than disturbing the JVM's notification thread.
 */
final class DriverReporter implements PressureListener, ActionSink {

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

  @Override
  public void report(String action, PressureLevel level, ActionStep step) {
    LOG.info("Spillway pressure action {} {} at {}: {}", action, step.engaged() ? "engaged" : "undone", level, step.detail());
    try {
      ctx.send(new PressureActionTaken(ctx.executorID(), action, level, step.engaged(), step.detail(),
          wallClockMillis.getAsLong()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not report pressure action {} at {} to the driver; the event log will miss it", action, level, e);
    }
  }
}

package io.spillway.runtime;

import io.spillway.runtime.control.ActionSink;
import io.spillway.runtime.control.ActionStep;
import io.spillway.runtime.pressure.PressureLevel;
import java.io.IOException;
import java.util.function.LongSupplier;
import org.apache.spark.api.plugin.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each pressure action step and sends it to the driver as {@link PressureActionTaken} (fire and
 * forget, like {@link DriverReporter}); the driver plugin posts it to the event log.
 */
final class DriverActionReporter implements ActionSink {

  private static final Logger LOG = LoggerFactory.getLogger(DriverActionReporter.class);

  private final PluginContext ctx;
  private final LongSupplier wallClockMillis;

  DriverActionReporter(PluginContext ctx, LongSupplier wallClockMillis) {
    this.ctx = ctx;
    this.wallClockMillis = wallClockMillis;
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

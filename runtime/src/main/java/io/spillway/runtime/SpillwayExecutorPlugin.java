package io.spillway.runtime;

import io.spillway.runtime.config.SpillwayConf;
import io.spillway.runtime.pressure.GcSignalSource;
import io.spillway.runtime.pressure.JmxGcSignalSource;
import io.spillway.runtime.pressure.NanoClock;
import io.spillway.runtime.pressure.PressureMonitor;
import io.spillway.runtime.pressure.PressureSettings;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executor half of {@link SpillwayPlugin}: validates the configuration, starts the pressure monitor on
 * GC notifications, registers its metrics, reports changes to the driver and publishes the monitor
 * through {@link SpillwayRuntime}. It does not act on pressure; that belongs to listeners added via
 * {@code SpillwayRuntime.monitor()}.
 */
final class SpillwayExecutorPlugin implements ExecutorPlugin {

  private static final Logger LOG = LoggerFactory.getLogger(SpillwayExecutorPlugin.class);

  private final Function<NanoClock, GcSignalSource> sources;
  private final NanoClock clock;
  private final LongSupplier wallClockMillis;
  private PressureMonitor monitor;

  SpillwayExecutorPlugin() {
    this(JmxGcSignalSource::new, NanoClock.system(), System::currentTimeMillis);
  }

  /** For tests: a scripted source, a settable clock and wall clock. */
  SpillwayExecutorPlugin(Function<NanoClock, GcSignalSource> sources, NanoClock clock, LongSupplier wallClockMillis) {
    this.sources = sources;
    this.clock = clock;
    this.wallClockMillis = wallClockMillis;
  }

  @Override
  public void init(PluginContext ctx, Map<String, String> extraConf) {
    SpillwayConf.validate(ctx.conf());
    PressureSettings settings = PressureSettings.from(ctx.conf());
    if (!settings.enabled()) {
      LOG.info("Spillway pressure monitor is disabled ({}=false); executor {} reads NORMAL",
          SpillwayConf.MONITOR_ENABLED.key(), ctx.executorID());
      return;
    }
    PressureMonitor m = new PressureMonitor(sources.apply(clock), clock, settings);
    m.addListener(PressureMetrics.register(ctx.metricRegistry(), m));
    m.addListener(new DriverReporter(ctx, wallClockMillis));
    m.start();
    monitor = m;
    SpillwayRuntime.install(m);
    LOG.info("Spillway pressure monitor started on executor {}", ctx.executorID());
  }

  @Override
  public void shutdown() {
    PressureMonitor m = monitor;
    if (m != null) {
      SpillwayRuntime.uninstall(m);
      m.close();
      monitor = null;
    }
  }

  PressureMonitor monitor() {
    return monitor;
  }
}

package io.spillway.runtime;

import io.spillway.runtime.config.SpillwayConf;
import io.spillway.runtime.config.MonitorKeys;
import io.spillway.runtime.config.ControlKeys;
import io.spillway.runtime.compat.MemoryPools;
import io.spillway.runtime.compat.SparkVersion;
import io.spillway.runtime.compat.UnmanagedMemoryCompat;
import io.spillway.runtime.control.ActionSink;
import io.spillway.runtime.control.AdmissionGate;
import io.spillway.runtime.control.ControlSettings;
import io.spillway.runtime.control.DaemonTicker;
import io.spillway.runtime.control.ExecutionBalloon;
import io.spillway.runtime.control.FetchThrottle;
import io.spillway.runtime.control.PressureAction;
import io.spillway.runtime.control.PressureController;
import io.spillway.runtime.control.StorageDemotion;
import io.spillway.runtime.control.UnmanagedHeapReporter;
import io.spillway.runtime.oomretry.ExclusiveRetries;
import io.spillway.runtime.oomretry.OomRetrySettings;
import io.spillway.runtime.pressure.GcSignalSource;
import io.spillway.runtime.pressure.JmxGcSignalSource;
import io.spillway.runtime.pressure.NanoClock;
import io.spillway.runtime.pressure.PressureMonitor;
import io.spillway.runtime.pressure.PressureSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executor half of {@link SpillwayPlugin}: validates the configuration, starts the pressure monitor on
 * GC notifications, registers its metrics, reports changes to the driver and publishes the monitor
 * through {@link SpillwayRuntime}. When {@code spark.spillway.control.enabled} is true it also starts the
 * {@link PressureController} with the actions whose switches are on, and forwards task starts and ends
 * to it; when false no controller exists. Independently, unless {@code spark.spillway.oomRetry.enabled} is
 * false, every task start and end passes through {@link ExclusiveRetries}, which lets a retry after an
 * out-of-memory failure run alone.
 */
final class SpillwayExecutorPlugin implements ExecutorPlugin {

  private static final Logger LOG = LoggerFactory.getLogger(SpillwayExecutorPlugin.class);

  /** Builds the monitor's GC signal source once the settings are known. */
  @FunctionalInterface
  interface SourceFactory {
    GcSignalSource create(NanoClock clock, PressureSettings settings);
  }

  private final SourceFactory sources;
  private final NanoClock clock;
  private final LongSupplier wallClockMillis;
  private final Supplier<ControlEnvironment> controlEnvironment;
  private PressureMonitor monitor;
  private volatile PressureController controller;
  private volatile ExclusiveRetries exclusiveRetries;

  SpillwayExecutorPlugin() {
    this((clock, settings) -> new JmxGcSignalSource(clock, settings.occupancy().enterRatios()), NanoClock.system(),
        System::currentTimeMillis, ControlEnvironment::production);
  }

  /** For tests: a scripted source, a settable clock and wall clock; Spark's real control environment. */
  SpillwayExecutorPlugin(SourceFactory sources, NanoClock clock, LongSupplier wallClockMillis) {
    this(sources, clock, wallClockMillis, ControlEnvironment::production);
  }

  /** For tests: as above, plus a fake memory manager and registrar for the control actions. */
  SpillwayExecutorPlugin(SourceFactory sources, NanoClock clock, LongSupplier wallClockMillis,
      Supplier<ControlEnvironment> controlEnvironment) {
    this.sources = sources;
    this.clock = clock;
    this.wallClockMillis = wallClockMillis;
    this.controlEnvironment = controlEnvironment;
  }

  /**
   * Starts the monitor (and the control loop when on). Never lets a {@link LinkageError} out: a plugin whose
   * {@code init} throws kills the executor, and the driver would start another that dies the same way. If
   * this Spark lacks something Spillway links against, the executor runs without Spillway's plugin (one WARN).
   */
  @Override
  public void init(PluginContext ctx, Map<String, String> extraConf) {
    try {
      start(ctx);
    } catch (LinkageError e) {
      LOG.warn("Spillway's executor plugin cannot run on Spark {} (executor {}): {}; this executor runs without it",
          SparkVersion.running(), ctx.executorID(), e.toString());
      shutdown();
    }
  }

  private void start(PluginContext ctx) {
    SpillwayConf.validate(ctx.conf());
    SpillwayRuntime.installDriverChannel(ctx::send);
    OomRetrySettings oomRetry = OomRetrySettings.from(ctx.conf());
    if (oomRetry.enabled()) {
      ExclusiveRetries r = new ExclusiveRetries(ctx.executorID(), ctx::ask, ctx::send,
          ExclusiveRetries.gate(oomRetry.maxWaitAloneMillis(), clock), wallClockMillis);
      r.registerMetrics(ctx.metricRegistry());
      exclusiveRetries = r;
    }
    PressureSettings settings = PressureSettings.from(ctx.conf());
    if (!settings.enabled()) {
      LOG.info("Spillway pressure monitor is disabled ({}=false); executor {} reads NORMAL",
          MonitorKeys.MONITOR_ENABLED.key(), ctx.executorID());
      if (ControlSettings.from(ctx.conf()).enabled()) {
        LOG.warn("{}=true has no effect without the pressure monitor ({}=false)", ControlKeys.CONTROL_ENABLED.key(),
            MonitorKeys.MONITOR_ENABLED.key());
      }
      return;
    }
    PressureMonitor m = new PressureMonitor(sources.create(clock, settings), clock, settings);
    m.addListener(PressureMetrics.register(ctx.metricRegistry(), m));
    DriverReporter reporter = new DriverReporter(ctx, wallClockMillis);
    m.addListener(reporter);
    ControlSettings control = ControlSettings.from(ctx.conf());
    // safe mode on a Spark line Spillway does not support: monitor only (SpillwayPlugin logged why)
    if (control.enabled() && SparkVersion.running().isSupported()) {
      ControlEnvironment env = controlEnvironment.get();
      List<PressureAction> actions = actions(control, env, taskSlots(ctx.conf()), reporter);
      actions.stream().filter(AdmissionGate.class::isInstance).map(AdmissionGate.class::cast).findFirst()
          .ifPresent(gate -> ctx.metricRegistry().register("control.admission.interruptions",
              (com.codahale.metrics.Gauge<Long>) gate::interruptions));
      PressureController c = env.actionExecutor()
          .map(ex -> PressureController.withExecutor(actions, reporter, ctx.metricRegistry(), ex))
          .orElseGet(() -> PressureController.start(actions, reporter, ctx.metricRegistry()));
      m.addListener(c);
      controller = c;
      LOG.info("Spillway pressure control is on for executor {}: {}", ctx.executorID(), control);
    }
    m.start();
    monitor = m;
    SpillwayRuntime.install(m);
    LOG.info("Spillway pressure monitor started on executor {}", ctx.executorID());
  }

  /**
   * The enabled actions, in the order they run on each change and at task start: admission first, then
   * the cheapest and least intrusive (throttle, report) before those that evict or reserve memory.
   */
  private static List<PressureAction> actions(ControlSettings control, ControlEnvironment env, int taskSlots,
      ActionSink sink) {
    List<PressureAction> actions = new ArrayList<>();
    if (control.admission()) {
      // first: its task-start hook may wait, and the others should see the level after the wait
      AdmissionGate.Eviction eviction = control.admissionKillAfterMillis() > 0 && control.admissionMaxKillsPerPartition() > 0
          ? new AdmissionGate.Eviction(control.admissionKillAfterMillis(), control.admissionMaxKillsPerPartition(),
              new DaemonTicker("spillway-admission-ticker"), sink)
          : AdmissionGate.Eviction.OFF;
      actions.add(new AdmissionGate(control.admissionMaxWaitMillis(), NanoClock.system(), eviction));
    }
    if (control.fetchThrottle()) {
      FetchThrottle throttle = new FetchThrottle();
      SpillwayRuntime.installFetchThrottle(throttle);
      actions.add(throttle);
    }
    if (control.unmanagedHeap()) {
      env.registrar().ifPresentOrElse(r -> actions.add(new UnmanagedHeapReporter(env.heapView(), r)),
          () -> LOG.warn("Spillway's unmanaged-heap reporting ({}) needs Spark {} or later; this executor runs "
              + "Spark {}, so it is off (the other pressure actions are not affected)",
              ControlKeys.CONTROL_UNMANAGED_HEAP_ENABLED.key(), UnmanagedMemoryCompat.SINCE, SparkVersion.running()));
    }
    if (control.storageDemotion()) {
      actions.add(new StorageDemotion(env.memoryManager(), control.storageHighRetainRatio(),
          control.storageCriticalRetainRatio()));
    }
    if (control.executionBalloon()) {
      ExecutionBalloon balloon = new ExecutionBalloon(
          () -> env.memoryManager().get().map(MemoryPools::unifiedBytes).orElse(0L), env.heapView(),
          new ExecutionBalloon.Policy(taskSlots, control.balloonTaskFloorBytes(), control.balloonKeepUntilTaskEnd()),
          NanoClock.system());
      SpillwayRuntime.installTaskCheckpoint(balloon);
      actions.add(balloon);
    }
    return actions;
  }

  /** Tasks running at once: {@code spark.executor.cores} (else this JVM's processors) / {@code spark.task.cpus}. */
  static int taskSlots(SparkConf conf) {
    int cores = conf.getInt("spark.executor.cores", Runtime.getRuntime().availableProcessors());
    return Math.max(1, cores / Math.max(1, conf.getInt("spark.task.cpus", 1)));
  }

  @Override
  public void onTaskStart() {
    ExclusiveRetries r = exclusiveRetries;
    if (r != null) {
      // first: whether the task may start at all; admission then sees it as one more running task
      r.onTaskStart(TaskContext.get());
    }
    PressureController c = controller;
    if (c != null) {
      c.onTaskStart(TaskContext.get());
    }
  }

  @Override
  public void onTaskSucceeded() {
    controllerTaskEnded();
    ExclusiveRetries r = exclusiveRetries;
    if (r != null) {
      r.onTaskEnd(true);
    }
  }

  @Override
  public void onTaskFailed(TaskFailedReason failureReason) {
    ExclusiveRetries r = exclusiveRetries;
    if (r != null) {
      // first: Spark reports the failure right after this hook, and a driver told of a JVM OutOfMemoryError
      // takes this exiting executor out of its offers before the retry is scheduled
      r.onTaskFailed(failureReason);
    }
    controllerTaskEnded();
  }

  /** The controller knows which task ended by its thread: Spark has unset {@code TaskContext} by now. */
  private void controllerTaskEnded() {
    PressureController c = controller;
    if (c != null) {
      c.onTaskEnd();
    }
  }

  @Override
  public void shutdown() {
    SpillwayRuntime.uninstallDriverChannel();
    ExclusiveRetries r = exclusiveRetries;
    if (r != null) {
      r.close();
      exclusiveRetries = null;
    }
    PressureMonitor m = monitor;
    if (m != null) {
      SpillwayRuntime.uninstall(m);
      m.close();
      monitor = null;
    }
    PressureController c = controller;
    if (c != null) {
      SpillwayRuntime.uninstallFetchThrottle();
      SpillwayRuntime.uninstallTaskCheckpoint();
      c.close();
      controller = null;
    }
  }

  ExclusiveRetries exclusiveRetries() {
    return exclusiveRetries;
  }

  PressureController controller() {
    return controller;
  }

  PressureMonitor monitor() {
    return monitor;
  }
}

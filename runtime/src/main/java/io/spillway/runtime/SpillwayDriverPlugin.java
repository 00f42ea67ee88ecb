package io.spillway.runtime;

import io.spillway.runtime.compat.ListenerBusCompat;
import io.spillway.runtime.compat.SchedulerCompat;
import io.spillway.runtime.compat.SparkUiCompat;
import io.spillway.runtime.compat.SparkVersion;
import io.spillway.runtime.config.SpillwayConf;
import io.spillway.runtime.groupspill.GroupSpillReporting;
import io.spillway.runtime.groupspill.GroupSpillTaskStats;
import io.spillway.runtime.oomretry.ExecutorRunningOut;
import io.spillway.runtime.oomretry.ExclusiveRetryReport;
import io.spillway.runtime.oomretry.OomRecorder;
import io.spillway.runtime.oomretry.OomRetrySettings;
import io.spillway.runtime.oomretry.RetryQuery;
import io.spillway.runtime.skew.MapTaskKeySketch;
import io.spillway.runtime.skew.ShuffleOrigins;
import io.spillway.runtime.skew.ShuffleSkewCollector;
import io.spillway.runtime.skew.SkewReporting;
import io.spillway.runtime.skew.SkewSettings;
import io.spillway.runtime.tiered.TieredStoreReporting;
import io.spillway.runtime.tiered.TieredStoreStatsCollector;
import io.spillway.runtime.tiered.TieredStoreTaskStats;
import io.spillway.runtime.ui.SpillwayUiListener;
import io.spillway.runtime.ui.SummaryLimits;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver half of {@link SpillwayPlugin}: start-up validation, and the receiving end of executors'
 * {@link PressureLevelChanged} messages (registry, INFO log line, listener-bus event) and of their
 * {@link PressureActionTaken} messages (INFO log line, listener-bus event), and of map tasks'
 * {@link MapTaskKeySketch}es, merged into one skew report per shuffle ({@link SkewReporting}), and of
 * reduce tasks' {@link TieredStoreTaskStats}, added up per stage attempt ({@link TieredStoreReporting}), and of
 * tasks' {@link GroupSpillTaskStats} (groups streamed to disk), the same way ({@link GroupSpillReporting}), and
 * (unless {@code spark.spillway.oomRetry.enabled} is false) the record of out-of-memory failures that executors
 * ask about at a retry's start ({@link OomRecorder}); and (unless {@code spark.spillway.ui.enabled} is false) the
 * Spillway tab of the Spark UI, drawn by a {@link SpillwayUiListener} from the events posted here.
 */
final class SpillwayDriverPlugin implements DriverPlugin {

  private static final Logger LOG = LoggerFactory.getLogger(SpillwayDriverPlugin.class);

  private final ExecutorPressureRegistry registry = new ExecutorPressureRegistry();
  private volatile Consumer<SparkListenerEvent> eventSink = e -> {};
  private volatile SkewReporting skew;
  private volatile TieredStoreReporting tiered;
  private volatile GroupSpillReporting groupSpill;
  private volatile OomRecorder oomRecorder;
  private volatile Consumer<String> stopOffering = id -> {};

  @Override
  public Map<String, String> init(SparkContext sc, PluginContext pluginContext) {
    stopOffering = id -> SchedulerCompat.stopOffering(sc, id, "a task threw OutOfMemoryError; the executor is exiting");
    start(sc.getConf(), ListenerBusCompat.poster(sc));
    sc.addSparkListener(new SparkListener() {
      @Override
      public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        registry.remove(removed.executorId());
      }

      @Override
      public void onStageCompleted(SparkListenerStageCompleted completed) {
        SkewReporting s = skew;
        if (s != null) {
          ListenerBusCompat.shuffleDepId(completed.stageInfo()).ifPresent(s::onMapStageCompleted);
        }
        TieredStoreReporting t = tiered;
        if (t != null) {
          t.onStageCompleted(completed.stageInfo().stageId(), completed.stageInfo().attemptNumber());
        }
        GroupSpillReporting g = groupSpill;
        if (g != null) {
          g.onStageCompleted(completed.stageInfo().stageId(), completed.stageInfo().attemptNumber());
        }
      }
    });
    OomRecorder recorder = oomRecorder;
    if (recorder != null) {
      sc.addSparkListener(recorder);
    }
    if (SpillwayConf.UI_ENABLED.get(sc.getConf())) {
      attachUi(sc);
    }
    return Map.of();
  }

  /**
   * The Spillway tab, fed by its own listener on the bus this plugin posts to; none when Spark's UI is off, and
   * none in safe mode (an unsupported Spark's UI classes may differ). A UI that cannot be attached costs one WARN,
   * never the application.
   */
  private static void attachUi(SparkContext sc) {
    if (!SparkVersion.running().isSupported()) {
      return;
    }
    SpillwayUiListener ui = new SpillwayUiListener(SummaryLimits.DEFAULT);
    ui.useSettingsOf(sc.getConf());
    try {
      if (SparkUiCompat.attachLive(sc, ui::snapshot)) {
        sc.addSparkListener(ui);
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Spillway's tab could not be added to the Spark UI on Spark {}: {}", SparkVersion.running(), e.toString());
    }
  }

  /**
   * Validates {@code conf} (throwing {@link io.spillway.runtime.config.InvalidConfigException}, which
   * fails the SparkContext), logs the effective settings and starts accepting executor messages.
   */
  void start(SparkConf conf, Consumer<SparkListenerEvent> sink) {
    SpillwayConf.validate(conf);
    this.eventSink = sink;
    SpillwayRuntime.installDriverRegistry(registry);
    ShuffleOrigins.clear();
    SkewSettings skewSettings = SkewSettings.from(conf);
    if (skewSettings.enabled()) {
      skew = new SkewReporting(new ShuffleSkewCollector(skewSettings.report(), ShuffleOrigins::of), sink);
    }
    tiered = new TieredStoreReporting(new TieredStoreStatsCollector(), sink);
    groupSpill = new GroupSpillReporting(sink);
    oomRecorder = OomRetrySettings.from(conf).enabled() ? new OomRecorder(sink, id -> stopOffering.accept(id)) : null;
    LOG.info("Spillway is on. Effective settings: {}", SpillwayConf.effectiveSettings(conf));
  }

  /**
   * Handles {@link PressureLevelChanged} and {@link PressureActionTaken}; anything else is a bug in the
   * sender and is rejected.
   */
  @Override
  public void registerMetrics(String appId, PluginContext pluginContext) {
    SkewReporting s = skew;
    if (s != null) {
      s.registerMetrics(pluginContext.metricRegistry());
    }
    TieredStoreReporting t = tiered;
    if (t != null) {
      t.registerMetrics(pluginContext.metricRegistry());
    }
    GroupSpillReporting g = groupSpill;
    if (g != null) {
      g.registerMetrics(pluginContext.metricRegistry());
    }
    OomRecorder o = oomRecorder;
    if (o != null) {
      o.registerMetrics(pluginContext.metricRegistry());
    }
  }

  @Override
  public Object receive(Object message) {
    if (message instanceof MapTaskKeySketch sketch) {
      SkewReporting s = skew;
      if (s != null) {
        s.accept(sketch);
      }
      return null;
    }
    if (message instanceof TieredStoreTaskStats task) {
      TieredStoreReporting t = tiered;
      if (t != null) {
        t.accept(task);
      }
      return null;
    }
    if (message instanceof GroupSpillTaskStats task) {
      GroupSpillReporting g = groupSpill;
      if (g != null) {
        g.accept(task);
      }
      return null;
    }
    if (message instanceof RetryQuery query) {
      OomRecorder o = oomRecorder;
      return o == null ? null : o.answer(query);
    }
    if (message instanceof ExecutorRunningOut runningOut) {
      OomRecorder o = oomRecorder;
      return o == null ? Boolean.FALSE : o.accept(runningOut);
    }
    if (message instanceof ExclusiveRetryReport report) {
      OomRecorder o = oomRecorder;
      if (o != null) {
        o.accept(report);
      }
      return null;
    }
    if (message instanceof PressureActionTaken action) {
      LOG.info("Executor {} pressure action {} {} at {}: {} ({})", action.executorId(), action.action(),
          action.engaged() ? "engaged" : "undone", action.level(), action.detail(),
          Instant.ofEpochMilli(action.timestampMillis()));
      eventSink.accept(PressureActionEvent.of(action));
      return null;
    }
    if (!(message instanceof PressureLevelChanged change)) {
      throw new IllegalArgumentException("Spillway driver plugin got an unexpected message of type "
          + (message == null ? "null" : message.getClass().getName()));
    }
    if (!registry.record(change)) {
      LOG.debug("Ignoring stale pressure change {}", change);
      return null;
    }
    LOG.info("Executor {} heap pressure {} -> {} at {} (old-gen occupancy {}, GC time share {})",
        change.executorId(), change.from(), change.to(), Instant.ofEpochMilli(change.timestampMillis()),
        String.format("%.2f", change.oldGenOccupancyRatio()), String.format("%.2f", change.gcTimeRatio()));
    eventSink.accept(PressureLevelChangedEvent.of(change));
    return null;
  }

  @Override
  public void shutdown() {
    SpillwayRuntime.uninstallDriverRegistry(registry);
    SkewReporting s = skew;
    if (s != null) {
      s.close();
      skew = null;
    }
    TieredStoreReporting t = tiered;
    if (t != null) {
      t.close();
      tiered = null;
    }
    GroupSpillReporting g = groupSpill;
    if (g != null) {
      g.close();
      groupSpill = null;
    }
  }

  /** The out-of-memory record; null when {@code oomRetry.enabled} is false or before {@link #start}. */
  OomRecorder oomRecorder() {
    return oomRecorder;
  }

  ExecutorPressureRegistry registry() {
    return registry;
  }
}

package io.spillway.runtime.ui;

import io.spillway.runtime.PressureActionEvent;
import io.spillway.runtime.PressureLevelChangedEvent;
import io.spillway.runtime.config.SpillwayConf;
import io.spillway.runtime.groupspill.GroupSpillStageEvent;
import io.spillway.runtime.groupspill.GroupSpillStageStats;
import io.spillway.runtime.oomretry.ExclusiveRetryEvent;
import io.spillway.runtime.oomretry.ExclusiveRetryReport;
import io.spillway.runtime.skew.ReportedKey;
import io.spillway.runtime.skew.ShuffleSkewReport;
import io.spillway.runtime.skew.ShuffleSkewReportEvent;
import io.spillway.runtime.tiered.TieredStoreStageEvent;
import io.spillway.runtime.tiered.TieredStoreStageStats;
import io.spillway.runtime.ui.SpillwaySummary.Action;
import io.spillway.runtime.ui.SpillwaySummary.ExecutorTimeline;
import io.spillway.runtime.ui.SpillwaySummary.GroupSpill;
import io.spillway.runtime.ui.SpillwaySummary.Key;
import io.spillway.runtime.ui.SpillwaySummary.Retry;
import io.spillway.runtime.ui.SpillwaySummary.Shuffle;
import io.spillway.runtime.ui.SpillwaySummary.Stage;
import io.spillway.runtime.ui.SpillwaySummary.Tiered;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerEnvironmentUpdate;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import scala.Tuple2;
import scala.collection.Seq;

/**
 * The one consumer of Spillway's listener events for the UI: the driver plugin adds it to the live listener bus,
 * the History Server's plugin adds it to the bus that replays an event log, so the tab shows the same figures in
 * both places because it is built from the same events.
 *
 * <p>It keeps a bounded summary ({@link SummaryLimits}), never the events themselves: compact timelines
 * ({@link LevelTimeline}) and one copy of each repeated name ({@link Names}), so an application past every limit
 * costs the driver about 2 MiB and one of the seed cases a few KiB (measured, docs/ui.md). Listener callbacks come from one bus thread and the page reads
 * from HTTP threads: every method is synchronized, and {@link #snapshot()} copies.
 */
public final class SpillwayUiListener extends SparkListener {

  private final SummaryLimits limits;
  private final Map<String, TimelineBuilder> executors = new LinkedHashMap<>();
  private final Set<String> executorsDropped = new HashSet<>();
  private final Bounded<Action> actions;
  private final Names names = new Names();
  private final Bounded<Shuffle> shuffles;
  private final Bounded<Retry> retries;
  private final LinkedHashMap<String, StageBuilder> stages = new LinkedHashMap<>();
  private long stagesDropped;
  private Map<String, String> settings = Map.of();
  private long appStartMillis;
  private long appEndMillis;
  private long lastEventMillis;
  private boolean inUse;

  public SpillwayUiListener(SummaryLimits limits) {
    this.limits = limits;
    this.actions = new Bounded<>(limits.maxActions());
    this.shuffles = new Bounded<>(limits.maxShuffles());
    this.retries = new Bounded<>(limits.maxRetries());
  }

  /** Seeds the settings from the driver's configuration (live UI; replay reads them from the environment event). */
  public synchronized void useSettingsOf(SparkConf conf) {
    settings = effectiveSettings(conf);
    inUse = true;
  }

  /**
   * Whether the application ran Spillway: its plugin or shuffle manager was configured, or a Spillway event was
   * seen. The History Server shows no tab for other applications.
   */
  public synchronized boolean inUse() {
    return inUse;
  }

  @Override
  public synchronized void onApplicationStart(SparkListenerApplicationStart start) {
    appStartMillis = start.time();
  }

  @Override
  public synchronized void onApplicationEnd(SparkListenerApplicationEnd end) {
    appEndMillis = end.time();
  }

  @Override
  public synchronized void onEnvironmentUpdate(SparkListenerEnvironmentUpdate update) {
    scala.Option<Seq<Tuple2<String, String>>> props = update.environmentDetails().get("Spark Properties");
    if (props.isEmpty()) {
      return;
    }
    SparkConf conf = new SparkConf(false);
    scala.collection.Iterator<Tuple2<String, String>> it = props.get().iterator();
    while (it.hasNext()) {
      Tuple2<String, String> kv = it.next();
      conf.set(kv._1(), kv._2());
      if ((kv._1().equals("spark.plugins") || kv._1().equals("spark.shuffle.manager"))
          && kv._2().contains("io.spillway.")) {
        inUse = true;
      }
    }
    settings = effectiveSettings(conf);
  }

  @Override
  public synchronized void onExecutorAdded(SparkListenerExecutorAdded added) {
    TimelineBuilder timeline = timeline(added.executorId());
    if (timeline != null) {
      timeline.addedMillis = added.time();
    }
  }

  @Override
  public synchronized void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
    TimelineBuilder timeline = executors.get(removed.executorId());
    if (timeline != null) {
      timeline.removedMillis = removed.time();
    }
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    StageBuilder stage = stage(end.stageId(), end.stageAttemptId());
    stage.tasks++;
    if (!"Success".equals(end.reason().toString())) {
      stage.failedTasks++;
    }
    TaskMetrics metrics = end.taskMetrics();
    if (metrics != null) {
      stage.memoryBytesSpilled += metrics.memoryBytesSpilled();
      stage.diskBytesSpilled += metrics.diskBytesSpilled();
    }
  }

  @Override
  public synchronized void onStageCompleted(SparkListenerStageCompleted completed) {
    StageInfo info = completed.stageInfo();
    stage(info.stageId(), info.attemptNumber()).name = info.name();
  }

  @Override
  public synchronized void onOtherEvent(SparkListenerEvent event) {
    inUse |= event instanceof PressureLevelChangedEvent || event instanceof PressureActionEvent
        || event instanceof ShuffleSkewReportEvent || event instanceof TieredStoreStageEvent
        || event instanceof ExclusiveRetryEvent || event instanceof GroupSpillStageEvent;
    if (event instanceof PressureLevelChangedEvent e) {
      onLevelChange(e);
    } else if (event instanceof PressureActionEvent e) {
      // the executor's id and the action's name repeat from action to action: one copy of each is kept
      actions.add(new Action(e.getTimestampMillis(), names.of(e.getExecutorId()), names.of(e.getAction()), e.getLevel(),
          e.isEngaged(), e.getDetail()));
      seen(e.getTimestampMillis());
    } else if (event instanceof ShuffleSkewReportEvent e) {
      shuffles.add(shuffle(e.getReport()));
    } else if (event instanceof TieredStoreStageEvent e) {
      TieredStoreStageStats s = e.getStats();
      stage(s.stageId(), s.stageAttempt()).tiered = new Tiered(s.tasks(), s.recordsMerged(), s.heapTierHitRate(),
          s.misses(), s.evictions(), s.bytesWrittenOffHeap());
    } else if (event instanceof GroupSpillStageEvent e) {
      GroupSpillStageStats s = e.getStats();
      stage(s.stageId(), s.stageAttempt()).addGroupSpill(s);
    } else if (event instanceof ExclusiveRetryEvent e) {
      ExclusiveRetryReport r = e.getReport();
      retries.add(new Retry(r.timestampMillis(), r.executorId(), r.stageId(), r.partitionId(), r.attemptNumber(),
          r.cause(), r.waitedMillis(), r.succeeded()));
      seen(r.timestampMillis());
    }
  }

  /** A copy of what is known now. */
  public synchronized SpillwaySummary snapshot() {
    List<ExecutorTimeline> timelines = new ArrayList<>(executors.size());
    for (Map.Entry<String, TimelineBuilder> e : executors.entrySet()) {
      TimelineBuilder t = e.getValue();
      timelines.add(new ExecutorTimeline(e.getKey(), t.addedMillis, t.removedMillis, t.changes.changes(),
          t.changes.merged()));
    }
    List<Stage> stageRows = new ArrayList<>(stages.size());
    for (StageBuilder s : stages.values()) {
      stageRows.add(new Stage(s.stageId, s.attempt, s.name, s.tasks, s.failedTasks, s.memoryBytesSpilled,
          s.diskBytesSpilled, s.tiered, s.groupSpill));
    }
    return new SpillwaySummary(appStartMillis, appEndMillis, lastEventMillis, timelines, executorsDropped.size(),
        actions.snapshot(), actions.dropped(), shuffles.snapshot(), shuffles.dropped(), stageRows, stagesDropped,
        retries.snapshot(), retries.dropped(), settings);
  }

  private void onLevelChange(PressureLevelChangedEvent e) {
    TimelineBuilder timeline = timeline(e.getExecutorId());
    if (timeline != null) {
      timeline.changes.add(e.getTimestampMillis(), e.getFromLevel(), e.getToLevel(), e.getOldGenOccupancyRatio(),
          e.getGcTimeRatio());
    }
    seen(e.getTimestampMillis());
  }

  /** The executor's timeline, created on first sight; null when {@link SummaryLimits#maxExecutors} are kept. */
  private TimelineBuilder timeline(String executorId) {
    TimelineBuilder timeline = executors.get(executorId);
    if (timeline == null) {
      if (executors.size() == limits.maxExecutors()) {
        executorsDropped.add(executorId);
        return null;
      }
      timeline = new TimelineBuilder(limits.maxChangesPerExecutor());
      executors.put(executorId, timeline);
    }
    return timeline;
  }

  private Shuffle shuffle(ShuffleSkewReport r) {
    List<Key> keys = new ArrayList<>();
    for (ReportedKey k : r.topKeys()) {
      if (keys.size() == limits.maxKeysPerShuffle()) {
        break;
      }
      keys.add(new Key(k.rendered(), k.reducePartition(), k.records(), k.recordsShare(), k.bytes(), k.bytesShare(),
          k.partitionLoad(), k.hot()));
    }
    return new Shuffle(r.shuffleId(), r.operation(), r.callSite(), r.numMaps(), r.mapsReported(),
        r.numReducePartitions(), r.records(), r.bytes(), keys, r.remedy());
  }

  private StageBuilder stage(int stageId, int attempt) {
    String id = stageId + "." + attempt;
    StageBuilder s = stages.get(id);
    if (s == null) {
      if (stages.size() == limits.maxStages()) {
        Iterator<StageBuilder> oldest = stages.values().iterator();
        oldest.next();
        oldest.remove();
        stagesDropped++;
      }
      s = new StageBuilder(stageId, attempt);
      stages.put(id, s);
    }
    return s;
  }

  private void seen(long timeMillis) {
    lastEventMillis = Math.max(lastEventMillis, timeMillis);
  }

  /**
   * Spillway's effective settings; if a value does not parse (a History Server reading an application that
   * failed at start-up for that reason), the keys as they were set.
   */
  private static Map<String, String> effectiveSettings(SparkConf conf) {
    try {
      return SpillwayConf.effectiveSettings(conf);
    } catch (RuntimeException invalid) {
      Map<String, String> raw = new TreeMap<>();
      for (Tuple2<String, String> kv : conf.getAllWithPrefix("spark.spillway.")) {
        raw.put("spark.spillway." + kv._1(), kv._2() + " (as set; not valid: " + invalid.getMessage() + ")");
      }
      return raw;
    }
  }

  private static final class TimelineBuilder {
    final LevelTimeline changes;
    long addedMillis;
    long removedMillis;

    TimelineBuilder(int budget) {
      changes = new LevelTimeline(budget);
    }
  }

  private static final class StageBuilder {
    final int stageId;
    final int attempt;
    String name = "";
    int tasks;
    int failedTasks;
    long memoryBytesSpilled;
    long diskBytesSpilled;
    Tiered tiered;
    GroupSpill groupSpill;

    StageBuilder(int stageId, int attempt) {
      this.stageId = stageId;
      this.attempt = attempt;
    }

    /** Adds a report: a task's message that arrived after its stage's was published comes as a second one. */
    void addGroupSpill(GroupSpillStageStats s) {
      GroupSpill was = groupSpill == null ? new GroupSpill(0, 0, 0, 0) : groupSpill;
      groupSpill = new GroupSpill(was.tasks() + s.tasks(), was.groups() + s.groups(), was.values() + s.values(),
          was.bytes() + s.bytes());
    }
  }
}

package io.spillway.runtime.ui;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.spillway.runtime.pressure.PressureLevel;
import java.util.List;
import java.util.Map;

/**
 * What the Spillway tab shows about one application, as an immutable snapshot taken from
 * {@link SpillwayUiListener}: the same figures in the live UI, in the History Server and at {@code /spillway/json}.
 * Every list is bounded by the listener ({@link SummaryLimits}); the {@code …Dropped} counts say how many older
 * entries were let go, so a reader knows the list is not the whole story.
 *
 * <p>A Jackson bean (records): the JSON endpoint writes it as it is and the History Server's disk-backed store
 * reads it back, so renaming a component changes the documented schema (docs/ui.md). The schema version that
 * {@link SummaryJson} writes beside the components is skipped on reading.
 *
 * @param appStartMillis  application start (driver clock), 0 before it is known
 * @param appEndMillis    application end, 0 while it runs or when the log ends without one (a crashed driver)
 * @param lastEventMillis the latest time any Spillway event carried, for the timeline's right edge
 * @param executors       every executor's pressure-level changes, in the order executors registered or reported
 * @param executorsDropped executors not kept (beyond {@link SummaryLimits#maxExecutors})
 * @param actions         pressure actions, oldest first
 * @param actionsDropped  older actions let go
 * @param shuffles        per-shuffle skew reports, oldest first
 * @param shufflesDropped older reports let go
 * @param stages          per-stage spill and tiered-store figures, oldest first
 * @param stagesDropped   older stages let go
 * @param retries         tasks that ran alone after an out-of-memory failure, oldest first
 * @param retriesDropped  older retries let go
 * @param settings        effective {@code spark.spillway.*} settings ("(default)" marks defaults)
 */
@JsonIgnoreProperties({SummaryJson.SCHEMA_VERSION_FIELD})
public record SpillwaySummary(long appStartMillis, long appEndMillis, long lastEventMillis,
    List<ExecutorTimeline> executors, long executorsDropped, List<Action> actions, long actionsDropped,
    List<Shuffle> shuffles, long shufflesDropped, List<Stage> stages, long stagesDropped,
    List<Retry> retries, long retriesDropped, Map<String, String> settings) {

  public SpillwaySummary {
    executors = List.copyOf(executors);
    actions = List.copyOf(actions);
    shuffles = List.copyOf(shuffles);
    stages = List.copyOf(stages);
    retries = List.copyOf(retries);
    settings = Map.copyOf(settings);
  }

  /**
   * One executor's pressure over time.
   *
   * @param executorId    the executor
   * @param addedMillis   when it registered with the driver, 0 when not seen (its level changes still count)
   * @param removedMillis when the driver lost or removed it, 0 while it runs
   * @param changes       its level changes, oldest first (the level before the first is its {@code from}; an
   *                      executor with none stayed NORMAL)
   * @param changesDropped older changes let go
   */
  public record ExecutorTimeline(String executorId, long addedMillis, long removedMillis, List<LevelChange> changes,
      long changesDropped) {
    public ExecutorTimeline {
      changes = List.copyOf(changes);
    }

    /** The highest level this executor reached among the changes kept. */
    public PressureLevel peakLevel() {
      PressureLevel peak = PressureLevel.NORMAL;
      for (LevelChange c : changes) {
        if (c.to().compareTo(peak) > 0) {
          peak = c.to();
        }
      }
      return peak;
    }
  }

  /** A level change of one executor ({@code PressureLevelChangedEvent}). */
  public record LevelChange(long timeMillis, PressureLevel from, PressureLevel to, double oldGenOccupancyRatio,
      double gcTimeRatio) {}

  /** A pressure action engaged or undone on an executor ({@code PressureActionEvent}). */
  public record Action(long timeMillis, String executorId, String action, PressureLevel level, boolean engaged,
      String detail) {}

  /**
   * A shuffle's skew report ({@code ShuffleSkewReportEvent}), its keys as rendered on the map side.
   *
   * @param keys heaviest first, at most {@link SummaryLimits#maxKeysPerShuffle}
   */
  public record Shuffle(int shuffleId, String operation, String callSite, int numMaps, int mapsReported,
      int numReducePartitions, long records, long bytes, List<Key> keys, String remedy) {
    public Shuffle {
      keys = List.copyOf(keys);
    }
  }

  /** One of a shuffle's heaviest keys: shares of the shuffle's records and bytes, and its reduce partition. */
  public record Key(String key, int partition, long records, double recordsShare, long bytes, double bytesShare,
      double partitionLoad, boolean hot) {}

  /**
   * A stage attempt's spill figures (summed over its task ends: Spark's counters, which include what Spillway's
   * group-spill store and measured maps wrote), and, when it used them, the tiered store's figures and the groups
   * it streamed to disk.
   *
   * @param tiered     null when the stage did not use the tiered store
   * @param groupSpill null when no task of the stage streamed a group to disk (or the log predates the figure)
   */
  public record Stage(int stageId, int attempt, String name, int tasks, int failedTasks, long memoryBytesSpilled,
      long diskBytesSpilled, Tiered tiered, GroupSpill groupSpill) {}

  /**
   * The groups one stage attempt streamed to disk ({@code GroupSpillStageEvent}): groupByKey's and cogroup's hot
   * groups that went to the group-spill store.
   *
   * @param tasks  task attempts that streamed at least one group
   * @param groups groups streamed to disk
   * @param values their values written to disk
   * @param bytes  their bytes on disk (part of the stage's disk bytes spilled)
   */
  public record GroupSpill(int tasks, long groups, long values, long bytes) {}

  /** The tiered store's figures for one stage attempt ({@code TieredStoreStageEvent}). */
  public record Tiered(int tasks, long recordsMerged, double heapTierHitRate, long misses, long evictions,
      long bytesWrittenOffHeap) {}

  /** A task that ran alone after an out-of-memory failure ({@code ExclusiveRetryEvent}). */
  public record Retry(long timeMillis, String executorId, int stageId, int partitionId, int attemptNumber,
      String cause, long waitedMillis, boolean succeeded) {}
}

package io.spillway.shuffle.write;

import io.spillway.runtime.compat.TaskMetricsCompat;
import io.spillway.shuffle.compat.ShuffleShims;
import io.spillway.shuffle.compat.SortSpillHook;
import io.spillway.shuffle.compat.SorterControls;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.TaskContext;
import org.apache.spark.util.collection.ExternalSorter;
import org.apache.spark.util.collection.WritablePartitionedPairCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spill check of Spark's map-side {@code ExternalSorter} (as {@code SortShuffleWriter} builds it for a
 * map-side combine; {@link #sorter} builds it through {@link ShuffleShims}, for the running Spark line),
 * which does not trust the sorter's size estimate alone. After each buffered record it spills when
 * <ol>
 *   <li>Spark's own check says so (its sampled estimate against the memory the pool grants): with room to
 *       spare nothing changes;
 *   <li>the task thread allocated more since the last spill than {@link AllocationSpillBound} allows (half
 *       this task's fair share of the heap's free room), an upper bound of what the buffer can have gained
 *       that no sampling can miss; or
 *   <li>the executor is under heap pressure, at most every {@link #MIN_PRESSURE_SPILL_INTERVAL_NANOS}, and
 *       the run since the last spill is worth a file ({@link #MIN_FORCED_RUN_RECORDS} records or
 *       {@link #MIN_FORCED_RUN_BYTES} allocated).
 * </ol>
 *
 * <p>Why: records of very different sizes are missed by {@code SizeTracker}'s samples and the map task
 * dies in {@code ExternalSorter.insertAll} with the heap full of a buffer Spark thinks small (suite case
 * S10, {@code distinct().count()} at 512 MiB). Nothing outside can make this sorter spill while it
 * inserts: its {@code forceSpill} returns false until its iterator exists. The reduce side has the same
 * fix in {@code measured.ReduceSortSpillPolicy}.
 *
 * <p>A forced spill does what Spark's {@code maybeSpill} does when it decides to spill, except Spark's
 * private counters (spill count, elements read): it writes the buffer to a spill file
 * ({@code spill(collection)}, which ExternalSorter's {@code maybeSpillCollection} follows with a fresh
 * buffer because this method returns true), gives back the execution memory ({@code releaseMemory()}) and
 * adds the estimate to the task's memory-spilled metric. It holds no lock and acquires no memory.
 */
final class MapSideSpillPolicy<K, C> implements SortSpillHook<K, C> {

  /** Least time between two spills forced by pressure: a spill per check would write thousands of tiny files. */
  static final long MIN_PRESSURE_SPILL_INTERVAL_NANOS = 250_000_000L;
  /** Records buffered since the last spill from which a pressure spill is worth a file. */
  static final int MIN_FORCED_RUN_RECORDS = 64;
  /** Bytes allocated since the last spill from which a pressure spill is worth a file (few, large records). */
  static final long MIN_FORCED_RUN_BYTES = 1L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(MapSideSpillPolicy.class);

  /**
   * When to spill besides Spark's check.
   *
   * @param underPressure whether the executor's heap is under pressure now; read on the task thread per record
   * @param nanoTime paces pressure spills
   * @param allocation this task's allocation bound (one per sorter)
   */
  record Triggers(BooleanSupplier underPressure, LongSupplier nanoTime, AllocationSpillBound allocation) {
    Triggers {
      Objects.requireNonNull(underPressure, "underPressure");
      Objects.requireNonNull(nanoTime, "nanoTime");
      Objects.requireNonNull(allocation, "allocation");
    }
  }

  private final TaskContext context;
  private final Triggers triggers;
  private long recordsSinceSpill;
  private long lastPressureSpillNanos;
  private boolean pressureSpilledBefore;
  private int pressureSpills;
  private int allocationSpills;

  MapSideSpillPolicy(TaskContext context, Triggers triggers) {
    this.context = context;
    this.triggers = Objects.requireNonNull(triggers, "triggers");
  }

  /** Spark's map-side sorter for {@code dep} on the running Spark line, spilling by this policy. */
  <V> ExternalSorter<K, V, C> sorter(ShuffleDependency<K, V, C> dep) {
    return ShuffleShims.get().mapSideSorter(context, dep, this);
  }

  @Override
  public boolean maybeSpill(WritablePartitionedPairCollection<K, C> collection, long currentMemory,
      SorterControls<K, C> sorter) {
    recordsSinceSpill++;
    if (sorter.sparkMaybeSpill(collection, currentMemory)) {
      startRun();
      return true;
    }
    AllocationSpillBound allocation = triggers.allocation();
    if (allocation.recordAdded()) {
      allocationSpills++;
      forceSpill(collection, currentMemory, sorter, "its thread allocated more than the allowance");
      return true;
    }
    if (triggers.underPressure().getAsBoolean()) {
      long now = triggers.nanoTime().getAsLong();
      boolean paced = !pressureSpilledBefore || now - lastPressureSpillNanos >= MIN_PRESSURE_SPILL_INTERVAL_NANOS;
      if (paced && (recordsSinceSpill >= MIN_FORCED_RUN_RECORDS
          || allocation.allocatedSinceSpillBytes() >= MIN_FORCED_RUN_BYTES)) {
        pressureSpilledBefore = true;
        lastPressureSpillNanos = now;
        pressureSpills++;
        forceSpill(collection, currentMemory, sorter, "the heap is under pressure");
        return true;
      }
    }
    return false;
  }

  private void forceSpill(WritablePartitionedPairCollection<K, C> collection, long estimateBytes,
      SorterControls<K, C> sorter, String why) {
    LOG.info("Spilling the map-side sort of task {} (stage {}.{}, partition {}) because {}: {} records, "
            + "{} bytes allocated since its last spill (allowance {} bytes), {} bytes estimated",
        context.taskAttemptId(), context.stageId(), context.stageAttemptNumber(), context.partitionId(), why,
        recordsSinceSpill, triggers.allocation().allocatedSinceSpillBytes(),
        triggers.allocation().lastAllowanceBytes(), estimateBytes);
    LOG.debug("Old generation grew {} bytes since the previous spill", triggers.allocation().lastRetainedGrowthBytes());
    sorter.spillCollection(collection);
    sorter.releaseMemory();
    TaskMetricsCompat.incMemoryBytesSpilled(context, estimateBytes);
    startRun();
  }

  private void startRun() {
    recordsSinceSpill = 0;
    triggers.allocation().spilled();
  }

  /** Spills forced by heap pressure so far. */
  int pressureSpills() {
    return pressureSpills;
  }

  /** Spills forced by the allocation bound so far. */
  int allocationSpills() {
    return allocationSpills;
  }
}

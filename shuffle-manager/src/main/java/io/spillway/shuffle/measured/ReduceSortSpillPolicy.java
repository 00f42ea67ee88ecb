package io.spillway.shuffle.measured;

import io.spillway.runtime.compat.TaskMetricsCompat;
import io.spillway.shuffle.compat.ShuffleShims;
import io.spillway.shuffle.compat.SortSpillHook;
import io.spillway.shuffle.compat.SorterControls;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.spark.Aggregator;
import org.apache.spark.TaskContext;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.util.collection.ExternalSorter;
import org.apache.spark.util.collection.WritablePartitionedPairCollection;
import scala.Option;
import scala.math.Ordering;

/**
 * The spill check of Spark's reduce-side {@link ExternalSorter}, which does not trust its size estimate
 * alone; {@link #sorter} builds the sorter (through {@link ShuffleShims}, for the running Spark line).
 * (a) Spark's own spill check is fed the larger of its sampled estimate and the serialized bytes of the
 * records inserted since the last spill ({@link MeasuredBytes}) — a buffer is at least as big on the heap as
 * its records serialized — so it asks the pool for memory matching the real size and spills when the pool
 * cannot give it (with room to spare nothing changes); that check runs every 32 records as in Spark and
 * also as soon as a mebibyte was fed, so multi-MiB records are checked one by one; (b) while the executor
 * is under heap pressure it spills at once, at most every {@link #MIN_FORCED_SPILL_INTERVAL_NANOS}, and only
 * when the run is worth merging ({@link MeasuredBytes#forcedRunBigEnough}: fewer, larger runs).
 *
 * <p>Why: the sorter decides to spill from {@code SizeTracker} estimates, which sample the buffer
 * ({@code SizeEstimator} looks at 2 × 100 slots of a large array). Records of very different sizes — a
 * rare huge line among short ones — are missed by the samples, and the estimate stays a fraction of the
 * real footprint until the heap is gone (suite case S10). While it is inserting, nothing else can make
 * this sorter spill: its {@code forceSpill} asserts that its iterator exists, so neither a balloon nor
 * {@code TaskMemoryManager} can. This subclass adds the one check that needs no estimate.
 *
 * <p>Checked against Spark 4.0.4, 4.1.3 and 4.2.0: {@code Spillable.maybeSpill(collection, currentMemory)}
 * is called by {@code ExternalSorter.maybeSpillCollection} after each record and returns whether it spilled;
 * it checks when {@code elementsRead} is a multiple of 32, which {@code addElementsRead} advances (see
 * {@link MeasuredAppendOnlyMap} for what that costs); {@code spill(collection)} writes the buffer to a spill
 * file, {@code releaseMemory()} gives back its execution memory (all through {@link SorterControls}). A forced spill does what {@code maybeSpill}
 * does except Spark's private counters (spill count, elements read): the task's memory-spilled metric is
 * added here instead.
 */
public final class ReduceSortSpillPolicy<K, C> implements SortSpillHook<K, C> {

  /** Least time between two forced spills: a spill per check would write thousands of tiny files. */
  public static final long MIN_FORCED_SPILL_INTERVAL_NANOS = 250_000_000L;
  /** Records inserted since the last spill below which a forced spill is not worth a file. */
  static final int MIN_RECORDS_TO_FORCE = 64;

  private final TaskContext context;
  private final BooleanSupplier underPressure;
  private final LongSupplier nanoTime;
  private final MeasuredBytes measured;
  private int outgrownSpills;
  /** Execution memory held after the previous check: what Spark had granted before this one. */
  private long grantedBeforeCheck;
  private long lastForcedNanos = Long.MIN_VALUE / 2;
  private long recordsSinceSpill;
  private int forcedSpills;

  /**
   * @param underPressure whether the executor is under heap pressure now; read on the task thread per record
   * @param nanoTime paces forced spills
   * @param serializedBytesIn serialized (uncompressed) bytes of the records fed to this sorter so far
   */
  public ReduceSortSpillPolicy(TaskContext context, BooleanSupplier underPressure, LongSupplier nanoTime,
      LongSupplier serializedBytesIn) {
    this.context = context;
    this.underPressure = underPressure;
    this.nanoTime = nanoTime;
    this.measured = new MeasuredBytes(serializedBytesIn);
  }

  /** Spark's reduce-side sorter for the running Spark line, spilling by this policy. */
  public <V> ExternalSorter<K, V, C> sorter(Option<Aggregator<K, V, C>> aggregator, Ordering<K> ordering,
      Serializer serializer) {
    return ShuffleShims.get().reduceSorter(context, aggregator, ordering, serializer, this);
  }

  @Override
  public boolean maybeSpill(WritablePartitionedPairCollection<K, C> collection, long currentMemory,
      SorterControls<K, C> sorter) {
    recordsSinceSpill++;
    measured.recordTaken();
    if (recordsSinceSpill >= MIN_RECORDS_TO_FORCE && underPressure.getAsBoolean()
        && Math.max(currentMemory, measured.sinceSpill()) >= measured.forcedRunFloorBytes()) {
      long now = nanoTime.getAsLong();
      if (now - lastForcedNanos >= MIN_FORCED_SPILL_INTERVAL_NANOS) {
        lastForcedNanos = now;
        forcedSpills++;
        forceSpill(collection, currentMemory, sorter);
        return true;
      }
    }
    // A buffer takes at least the bytes its records took serialized: Spark's own check, fed the larger of
    // its sampled estimate and that lower bound, asks the pool for memory that matches the real size and
    // spills only if the pool cannot give it — so with room to spare nothing changes.
    long corrected = Math.max(currentMemory, measured.sinceSpill());
    if (measured.checkDue()) {
      while (sorter.recordsRead() % MeasuredAppendOnlyMap.SPARK_CHECK_EVERY_RECORDS != 0) {
        sorter.addRecordRead();
      }
    }
    boolean spilled = sorter.sparkMaybeSpill(collection, corrected);
    if (spilled) {
      if (corrected > currentMemory && corrected > grantedBeforeCheck) {
        outgrownSpills++;
      }
      markSpilled();
    }
    grantedBeforeCheck = sorter.getUsed();
    return spilled;
  }

  private void forceSpill(WritablePartitionedPairCollection<K, C> collection, long currentMemory,
      SorterControls<K, C> sorter) {
    sorter.spillCollection(collection);
    sorter.releaseMemory();
    TaskMetricsCompat.incMemoryBytesSpilled(context, currentMemory);
    markSpilled();
  }

  private void markSpilled() {
    recordsSinceSpill = 0;
    measured.spilled();
  }

  /** Spills that happened only because the serialized lower bound exceeded the estimate and the grant. */
  public int outgrownSpills() {
    return outgrownSpills;
  }

  /** Spills forced by heap pressure so far. */
  public int forcedSpills() {
    return forcedSpills;
  }
}

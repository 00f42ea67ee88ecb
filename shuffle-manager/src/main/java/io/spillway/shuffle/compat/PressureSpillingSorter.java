package io.spillway.shuffle.compat;

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
 * Spark's reduce-side {@link ExternalSorter}, whose spill check does not trust its size estimate alone.
 * It also spills its buffer (a) when the serialized bytes it was fed since its last spill exceed both
 * its estimate and the execution memory it was granted — a buffer is at least as big on the heap as its
 * records serialized, so the estimate is then wrong by construction — and (b) while the executor is
 * under heap pressure, at most every {@link #MIN_FORCED_SPILL_INTERVAL_NANOS}.
 *
 * <p>Why: the sorter decides to spill from {@code SizeTracker} estimates, which sample the buffer
 * ({@code SizeEstimator} looks at 2 × 100 slots of a large array). Records of very different sizes — a
 * rare huge line among short ones — are missed by the samples, and the estimate stays a fraction of the
 * real footprint until the heap is gone (suite case S10). While it is inserting, nothing else can make
 * this sorter spill: its {@code forceSpill} asserts that its iterator exists, so neither a balloon nor
 * {@code TaskMemoryManager} can. This subclass adds the one check that needs no estimate.
 *
 * <p>Checked against Spark 4.1.3: {@code Spillable.maybeSpill(collection, currentMemory)} is called by
 * {@code ExternalSorter.maybeSpillCollection} after each record and returns whether it spilled;
 * {@code spill(collection)} writes the buffer to a spill file, {@code releaseMemory()} gives back its
 * execution memory. A forced spill does what {@code maybeSpill} does except Spark's private counters
 * (spill count, elements read): the task's memory-spilled metric is added here instead.
 */
public final class PressureSpillingSorter<K, V, C> extends ExternalSorter<K, V, C> {

  /** Least time between two forced spills: a spill per check would write thousands of tiny files. */
  public static final long MIN_FORCED_SPILL_INTERVAL_NANOS = 250_000_000L;
  /** Records inserted since the last spill below which a forced spill is not worth a file. */
  static final int MIN_RECORDS_TO_FORCE = 64;

  private final TaskContext context;
  private final BooleanSupplier underPressure;
  private final LongSupplier nanoTime;
  private final LongSupplier serializedBytesIn;
  private final long initialThresholdBytes;
  private long serializedAtLastSpill;
  private int outgrownSpills;
  private long lastForcedNanos = Long.MIN_VALUE / 2;
  private long recordsSinceSpill;
  private int forcedSpills;

  /**
   * @param underPressure whether the executor is under heap pressure now; read on the task thread per record
   * @param nanoTime paces forced spills
   * @param serializedBytesIn serialized (uncompressed) bytes of the records fed to this sorter so far
   * @param initialThresholdBytes {@code spark.shuffle.spill.initialMemoryThreshold}: what a sorter may hold
   *     before it asks for memory at all
   */
  public PressureSpillingSorter(TaskContext context, Option<Aggregator<K, V, C>> aggregator, Ordering<K> ordering,
      Serializer serializer, BooleanSupplier underPressure, LongSupplier nanoTime, LongSupplier serializedBytesIn,
      long initialThresholdBytes) {
    super(context, aggregator, Option.empty(), Option.apply(ordering), serializer, ExternalSorterCompat.NO_ROW_CHECKSUMS);
    this.context = context;
    this.underPressure = underPressure;
    this.nanoTime = nanoTime;
    this.serializedBytesIn = serializedBytesIn;
    this.initialThresholdBytes = initialThresholdBytes;
  }

  @Override
  public boolean maybeSpill(WritablePartitionedPairCollection<K, C> collection, long currentMemory) {
    recordsSinceSpill++;
    long fedBytes = serializedBytesIn.getAsLong() - serializedAtLastSpill;
    if (fedBytes > currentMemory && fedBytes > getUsed() + initialThresholdBytes) {
      outgrownSpills++;
      forceSpill(collection, currentMemory);
      return true;
    }
    if (recordsSinceSpill >= MIN_RECORDS_TO_FORCE && underPressure.getAsBoolean()) {
      long now = nanoTime.getAsLong();
      if (now - lastForcedNanos >= MIN_FORCED_SPILL_INTERVAL_NANOS) {
        lastForcedNanos = now;
        forcedSpills++;
        forceSpill(collection, currentMemory);
        return true;
      }
    }
    boolean spilled = super.maybeSpill(collection, currentMemory);
    if (spilled) {
      markSpilled();
    }
    return spilled;
  }

  private void forceSpill(WritablePartitionedPairCollection<K, C> collection, long currentMemory) {
    spill(collection);
    releaseMemory();
    context.taskMetrics().incMemoryBytesSpilled(currentMemory);
    markSpilled();
  }

  private void markSpilled() {
    recordsSinceSpill = 0;
    serializedAtLastSpill = serializedBytesIn.getAsLong();
  }

  /** Spills because the records fed outgrew both the estimate and the granted memory. */
  public int outgrownSpills() {
    return outgrownSpills;
  }

  /** Spills forced by heap pressure so far. */
  public int forcedSpills() {
    return forcedSpills;
  }
}

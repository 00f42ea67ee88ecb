package io.spillway.shuffle.measured;

import io.spillway.runtime.compat.TaskMetricsCompat;
import io.spillway.shuffle.compat.SparkAppendOnlyMap;
import io.spillway.storage.group.SpillFiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.spark.util.collection.SizeTracker;
import scala.Function1;
import scala.Function2;
import scala.Product2;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark's {@code ExternalAppendOnlyMap}, whose spill check sees the {@link MeasuredBytes} of the records fed
 * to it: Spark's own check ({@code Spillable.maybeSpill}: ask the pool for twice the size, spill if refused)
 * runs with the larger of the sampled estimate and the serialized bytes fed since the last spill, and runs
 * as soon as a mebibyte was fed instead of only every 32 records. With records of a few hundred bytes it
 * behaves exactly as Spark's map; with multi-MiB records it asks for memory at each one and spills when
 * the pool cannot give it, instead of holding 32 of them first (suite case S11: 8 MiB values).
 *
 * <p>How a check is made due: {@code Spillable} checks when its records-read counter is a multiple of 32;
 * the map advances that counter to the next multiple ({@code addElementsRead}) before calling Spark's
 * check. Spark's accounting (granted memory, spill count, bytes spilled) stays Spark's. The counter then
 * overstates the records read by up to 31 per check; it only matters for
 * {@code spark.shuffle.spill.numElementsForceSpillThreshold}, a testing setting (default: never).
 * Checked against Spark 4.0.4, 4.1.3 and 4.2.0: {@code maybeSpill}, {@code elementsRead},
 * {@code addElementsRead} and the 7-argument constructor are the same on all three.
 *
 * <p>Spills and the merge are Spillway's: a spill writes a {@link SpillRun} (pairs in key-hash order, as Spark
 * writes them, through Spark's local dirs, compression and encryption), and {@link #iterator} merges the runs
 * with a {@link BoundedRunMerge}: no more runs open at once than {@link #MERGE_HEAP_RATIO} of the heap holds
 * heads for, in rounds when there are more, and the pairs still in memory merged from memory, as Spark does. Spark's merge opens every spill file at once, which with
 * multi-MiB records or thousands of spills outgrows the heap at the end of the task. Runs are also large: a
 * spill happens only when the pool refuses memory (or another consumer forces one).
 */
@SuppressWarnings({"rawtypes", "unchecked"}) // a raw supertype: javac cannot check Scala's Iterable overrides generically
public class MeasuredAppendOnlyMap<K, V, C> extends SparkAppendOnlyMap<K, V, C> {

  /** {@code Spillable.maybeSpill} checks when its records-read counter is a multiple of this. */
  static final int SPARK_CHECK_EVERY_RECORDS = 32;

  /** Measured spills of every map in this JVM: read by a probe task in tests on real executors. */
  private static final java.util.concurrent.atomic.LongAdder MEASURED_SPILLS_IN_JVM = new java.util.concurrent.atomic.LongAdder();

  /**
   * Share of the max heap the final merge may spend on run heads: the map's own execution memory is given
   * back by then, and an eighth leaves room for the task's consumer of the merged pairs.
   */
  static final double MERGE_HEAP_RATIO = 0.125;

  private final MeasuredBytes measured;
  private final Function2<C, C, C> mergeCombiners;
  private final SerializerInstance runSerializer;
  private final SpillFiles files = SpillFiles.ofSparkEnv();
  private final List<SpillRun> runs = new ArrayList<>();
  private long runBytesWritten;
  private BoundedRunMerge<K, C> merge;
  /** The pairs still in memory when the map was read, once {@link #iterator} merges them. */
  private InMemoryRun<K, C> inMemory;
  private int measuredSpills;

  /**
   * @param serializer for spill files (Spark's aggregation uses {@code SparkEnv.serializer})
   * @param fedBytes serialized bytes of the records fed to this map so far (see {@link MeasuredBytes})
   */
  public MeasuredAppendOnlyMap(Function1<V, C> createCombiner, Function2<C, V, C> mergeValue,
      Function2<C, C, C> mergeCombiners, Serializer serializer, TaskContext context, java.util.function.LongSupplier fedBytes) {
    super(createCombiner, mergeValue, mergeCombiners, serializer, context);
    this.measured = new MeasuredBytes(fedBytes);
    this.mergeCombiners = mergeCombiners;
    this.runSerializer = serializer.newInstance();
    // runs not merged yet (a failed or killed task, an iterator not drained) go with the task
    context.addTaskCompletionListener((TaskCompletionListener) done -> {
      if (merge != null) {
        merge.deleteRemaining();
      } else {
        BoundedRunMerge.deleteAll(runs);
      }
    });
  }

  /** Writes the in-memory map's pairs, in key-hash order, to a new run (Spark's spill, in Spillway's files). */
  @Override
  @SuppressWarnings("unchecked")
  public void spill(SizeTracker collection) {
    Comparator<K> byHash = Comparator.comparingInt(BoundedRunMerge::hash);
    Iterator<Tuple2<K, C>> sorted = sortedPairs(collection, byHash);
    SpillRun run = SpillRun.write(CollectionConverters.asJava(sorted), files, runSerializer);
    runs.add(run);
    runBytesWritten += run.file.length();
  }

  /**
   * The merged pairs: Spark's in-memory iterator when nothing was spilled; otherwise the runs and the pairs still
   * in memory ({@link InMemoryRun}, sorted in place as Spark's merge does) are merged by a {@link BoundedRunMerge}.
   * The map's memory is given back when its pairs are drained, or earlier if {@link #forceSpill} writes them out.
   */
  @Override
  public Iterator<Tuple2<K, C>> iterator() {
    if (runs.isEmpty()) {
      return super.iterator();
    }
    Comparator<K> byHash = Comparator.comparingInt(BoundedRunMerge::hash);
    inMemory = new InMemoryRun<>(CollectionConverters.asJava(sortedInMemoryPairs(byHash)), files,
        runSerializer, () -> {
          dropInMemoryMap();
          releaseMemory();
        });
    merge = new BoundedRunMerge<>(files, runSerializer, mergeCombiners,
        (long) (MERGE_HEAP_RATIO * Runtime.getRuntime().maxMemory()));
    java.util.Iterator<Tuple2<K, C>> merged = merge.merge(List.copyOf(runs), inMemory);
    runs.clear(); // the merge owns them now
    return CollectionConverters.asScala(merged);
  }

  /** Bytes Spark spilled plus the bytes of Spillway's runs (those of in-memory pairs spilled while merging too). */
  @Override
  public long diskBytesSpilled() {
    return super.diskBytesSpilled() + runBytesWritten + (inMemory == null ? 0 : inMemory.spilledBytes());
  }

  /** The merge {@link #iterator} built, if any (merge rounds and runs open at once, for tests). */
  BoundedRunMerge<K, C> merge() {
    return merge;
  }

  /**
   * What {@code Aggregator.combineValuesByKey} does, through a measured map: inserts every record, adds the
   * map's spill figures to the task's metrics, and returns the merged (key, combiner) pairs.
   */
  public static <K, V, C> Iterator<Tuple2<K, C>> combineValuesByKey(Iterator<? extends Product2<K, V>> records,
      Function1<V, C> createCombiner, Function2<C, V, C> mergeValue, Function2<C, C, C> mergeCombiners,
      TaskContext context, java.util.function.LongSupplier fedBytes) {
    MeasuredAppendOnlyMap<K, V, C> map = new MeasuredAppendOnlyMap<>(createCombiner, mergeValue, mergeCombiners,
        SparkEnv.get().serializer(), context, fedBytes);
    map.insertAll(records);
    Iterator<Tuple2<K, C>> merged = map.iterator(); // after the last run is written, so the metrics count it
    map.addMetricsTo(context);
    return merged;
  }

  /** The task metrics {@code Aggregator.updateMetrics} adds for a map: bytes spilled and peak memory. */
  public void addMetricsTo(TaskContext context) {
    TaskMetricsCompat.incMemoryBytesSpilled(context, memoryBytesSpilled());
    TaskMetricsCompat.incDiskBytesSpilled(context, diskBytesSpilled());
    TaskMetricsCompat.incPeakExecutionMemory(context, peakMemoryUsedBytes());
  }

  @Override
  public boolean maybeSpill(Object collection, long currentMemory) {
    measured.recordTaken();
    long size = Math.max(currentMemory, measured.sinceSpill());
    boolean sparkWouldCheck = elementsRead() % SPARK_CHECK_EVERY_RECORDS == 0;
    if (measured.checkDue()) {
      while (elementsRead() % SPARK_CHECK_EVERY_RECORDS != 0) {
        addElementsRead();
      }
    }
    boolean spilled = super.maybeSpill(collection, size);
    if (spilled) {
      if (size > currentMemory || !sparkWouldCheck) {
        measuredSpills++;
        MEASURED_SPILLS_IN_JVM.increment();
      }
      measured.spilled();
    }
    return spilled;
  }

  /** Spills of this JVM's measured maps that Spark's own check would not have made at that record. */
  public static long measuredSpillsInThisJvm() {
    return MEASURED_SPILLS_IN_JVM.sum();
  }

  /**
   * Spark's forced spill while records are inserted; while merged, the in-memory pairs not merged yet are written
   * to a run the merge reads on from ({@link InMemoryRun#spillRest}), and the map drops them.
   */
  @Override
  public boolean forceSpill() {
    if (inMemory != null) {
      boolean spilled = inMemory.spillRest();
      if (spilled) {
        dropInMemoryMap(); // Spark's Spillable.spill gives the memory back
      }
      return spilled;
    }
    boolean spilled = super.forceSpill();
    if (spilled) {
      measured.spilled();
    }
    return spilled;
  }

  /**
   * Spills Spark's own check would not have made at that record: the measured size was above Spark's
   * estimate, or the check was due by bytes fed, not by Spark's 32-record cadence.
   */
  public int measuredSpills() {
    return measuredSpills;
  }
}

package io.spillway.shuffle;

import io.spillway.runtime.compat.TaskMetricsCompat;
import io.spillway.runtime.control.TaskCheckpoint;
import io.spillway.shuffle.compat.BlockLocations;
import io.spillway.shuffle.compat.FetchConfCompat;
import io.spillway.shuffle.compat.ShuffleReadCompat;
import io.spillway.shuffle.compat.SorterCalls;
import io.spillway.shuffle.measured.ReduceSortSpillPolicy;
import io.spillway.shuffle.group.GroupSpillThreshold;
import io.spillway.shuffle.group.StreamingGrouping;
import io.spillway.shuffle.measured.MeasuredAppendOnlyMap;
import java.io.InputStream;
import org.apache.spark.Aggregator;
import org.apache.spark.InterruptibleIterator;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.TaskContext;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.shuffle.ShuffleReadMetricsReporter;
import org.apache.spark.shuffle.ShuffleReader;
import org.apache.spark.storage.BlockId;
import org.apache.spark.util.collection.ExternalSorter;
import scala.Option;
import scala.Product2;
import scala.Tuple2;
import scala.collection.BufferedIterator;
import scala.collection.Iterator;

/**
 * Spillway's reduce-side reader: {@code BlockStoreShuffleReader.read()} of Spark 4.1.3, step for step,
 * except that the block fetcher's limits come from a {@link FetchLimitsPolicy} per read instead of the
 * shared conf, capped by the executor's {@link ExecutorFetchBudget}.
 *
 * <h2>What read() does</h2>
 * <ol>
 *   <li>Asks the policy for this read's {@link FetchLimits}, reserves its share of the executor's fetch
 *       budget (given back when the records run out or the task ends) and builds a {@code ShuffleBlockFetcherIterator}
 *       with them (batch fetch of continuous blocks only when the caller asked for it and the serializer,
 *       codec, protocol and encryption allow it).
 *   <li>Deserializes each stream with the dependency's serializer, counting records into the task's read
 *       metrics, merged into the task metrics when the records run out. Each record passes the control
 *       loop's {@link TaskCheckpoint} (not when a sorter consumes them, see there).
 *   <li>Key ordering: an {@code ExternalSorter}, aggregating with {@code mergeCombiners} if the map side
 *       combined, else with the dependency's aggregator. Aggregator only: {@code combineCombinersByKey} or
 *       {@code combineValuesByKey} — except that a groupByKey-style aggregator goes to
 *       {@link StreamingGrouping}, which streams groups too big for the heap to disk. Neither: records
 *       pass through.
 *   <li>The result is interruptible so a killed task stops reading.
 * </ol>
 *
 * <p>Blocks are located when the reader is created (as {@code SortShuffleManager.getReader} does), so a
 * missing map output fails {@code getReader} with Spark's {@code MetadataFetchFailedException}.
 */
public final class SpillwayShuffleReader<K, C> implements ShuffleReader<K, C> {

  private final ShuffleDependency<K, ?, C> dep;
  private final ReadRange range;
  private final TaskContext context;
  private final ShuffleReadMetricsReporter readMetrics;
  private final ReaderServices services;
  private final BlockLocations blocks;
  private final boolean shouldBatchFetch;
  /** Uncompressed serialized bytes this reader's records were read from (task thread only). */
  private final long[] bytesIn = {0L};

  SpillwayShuffleReader(ShuffleDependency<K, ?, C> dep, ReadRange range, TaskContext context,
      ShuffleReadMetricsReporter readMetrics, ReaderServices services) {
    this.dep = dep;
    this.range = range;
    this.context = context;
    this.readMetrics = readMetrics;
    this.services = services;
    this.blocks = services.locator().locate(range, ShuffleReadCompat.mergeFinalized(dep));
    // AQE asks for batch fetch of a coalesced read through a local property; Spark's helper decides.
    this.shouldBatchFetch = blocks.batchFetchAllowed()
        && ShuffleReadCompat.canUseBatchFetch(range.startPartition(), range.endPartition(), context);
  }

  /** The range this reader reads. */
  public ReadRange range() {
    return range;
  }

  @Override
  public Iterator<Product2<K, C>> read() {
    ExecutorFetchBudget.Grant grant = services.reserve(range, context);
    FetchLimits limits = grant.limits();
    boolean doBatchFetch = FetchConfCompat.batchFetchAllowed(services.conf(), dep.serializer(), shouldBatchFetch);
    Iterator<Tuple2<BlockId, InputStream>> wrappedStreams =
        services.fetcher().open(context, blocks, limits, readMetrics, doBatchFetch);

    SerializerInstance serializerInstance = dep.serializer().newInstance();
    // asKeyValueIterator wraps the records in a NextIterator that closes the stream once it is drained.
    // The streams are counted (uncompressed bytes) so a sorter can tell when its size estimate is wrong.
    Iterator<Tuple2<Object, Object>> recordIter =
        wrappedStreams.flatMap(blockAndStream -> serializerInstance.deserializeStream(
            new CountingInputStream(blockAndStream._2(), bytesIn)).asKeyValueIterator());
    // Between two records on the task thread the control loop may balloon this task (forcing a spill of an
    // aggregation map being filled) — except while a reduce-side ExternalSorter inserts: its forceSpill
    // asserts that its iterator exists.
    TaskCheckpoint checkpoint = dep.keyOrdering().isDefined() ? TaskCheckpoint.NONE : services.checkpoint();
    Iterator<Tuple2<Object, Object>> counted = new CheckpointedRecords<>(recordIter, checkpoint, context, readMetrics);
    Iterator<Tuple2<Object, Object>> metricIter = ShuffleReadCompat.onCompletion(counted, () -> {
      TaskMetricsCompat.mergeShuffleReadMetrics(context);
      grant.close();
    });
    // An interruptible iterator so that task cancellation stops the read.
    InterruptibleIterator<Tuple2<Object, Object>> interruptibleIter = new InterruptibleIterator<>(context, metricIter);

    Iterator<Product2<K, C>> resultIter = combineOrSort(dep, interruptibleIter);
    if (resultIter instanceof InterruptibleIterator) {
      return resultIter;
    }
    // The aggregator or sorter consumed the first interruptible iterator: wrap again.
    return new InterruptibleIterator<>(context, resultIter);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Iterator<Product2<K, C>> combineOrSort(ShuffleDependency<K, ?, C> dep,
      InterruptibleIterator<Tuple2<Object, Object>> records) {
    Iterator rawRecords = records;
    Option<Aggregator<K, Object, C>> aggregator = (Option) dep.aggregator();
    if (dep.keyOrdering().isDefined()) {
      Option sorterAggregator = aggregator;
      if (aggregator.isDefined() && dep.mapSideCombine()) {
        // Values are already combiners: merge them with mergeCombiners on both paths.
        sorterAggregator = Option.apply(new Aggregator<K, C, C>(c -> c, aggregator.get().mergeCombiners(),
            aggregator.get().mergeCombiners()));
      }
      return SorterCalls.insertAllAndUpdateMetrics(sorter(sorterAggregator, dep), rawRecords);
    }
    if (aggregator.isDefined()) {
      if (dep.mapSideCombine()) {
        // The values read are already combined: Spark's map, or the tiered store (spark.spillway.tiered.aggregation)
        return services.reduceSideAggregation().combineCombinersByKey((Aggregator) aggregator.get(), rawRecords,
            context, dep.serializer(), () -> bytesIn[0]);
      }
      GroupSpillThreshold groupSpill = GroupSpillThreshold.fromConf(services.conf());
      BufferedIterator<Product2<K, Object>> buffered = ((Iterator<Product2<K, Object>>) rawRecords).buffered();
      if (groupSpill != null && buffered.hasNext()
          && StreamingGrouping.isGrouping((Aggregator) aggregator.get(), buffered.head()._2())) {
        return (Iterator) StreamingGrouping.groupByKey((Iterator) buffered, context, dep.serializer(),
            services.spillFiles(), groupSpill, () -> bytesIn[0]);
      }
      Aggregator<K, Object, C> agg = aggregator.get();
      return (Iterator) MeasuredAppendOnlyMap.combineValuesByKey((Iterator) buffered, agg.createCombiner(),
          agg.mergeValue(), agg.mergeCombiners(), context, () -> bytesIn[0]);
    }
    return rawRecords;
  }

  /**
   * Spark's reduce-side sorter, made to spill also when the records fed to it outgrow its size estimate
   * and, when the control loop asks for it, under real heap pressure ({@link ReduceSortSpillPolicy}).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private ExternalSorter sorter(Option aggregator, ShuffleDependency<K, ?, C> dep) {
    return new ReduceSortSpillPolicy(context, services.sortUnderPressure(), System::nanoTime, () -> bytesIn[0])
        .sorter(aggregator, dep.keyOrdering().get(), dep.serializer());
  }

  /**
   * Uncompressed serialized bytes of the records this reader has deserialized so far: what a map or group fed
   * from it measures ({@link io.spillway.shuffle.measured.MeasuredBytes}). Read on the task thread.
   */
  public long bytesRead() {
    return bytesIn[0];
  }

  @Override
  public String toString() {
    return "SpillwayShuffleReader{" + range + ", stage " + context.stageId() + ", task " + context.taskAttemptId() + '}';
  }
}

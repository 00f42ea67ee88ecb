package io.spillway.shuffle;

import io.spillway.runtime.SpillwayRuntime;
import io.spillway.runtime.control.TaskCheckpoint;
import io.spillway.shuffle.compat.BlockLocations;
import io.spillway.shuffle.compat.FetchConfCompat;
import io.spillway.shuffle.compat.FetchIteratorCompat;
import io.spillway.shuffle.compat.MapOutputCompat;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.shuffle.ShuffleReadMetricsReporter;
import org.apache.spark.storage.BlockId;
import org.apache.spark.util.TaskCompletionListener;
import scala.Tuple2;
import scala.collection.Iterator;

/**
 * What a {@link SpillwayShuffleReader} needs from its executor: the conf, the fetch-limits policy, where
 * blocks are and how to fetch them. Production builds it from {@code SparkEnv}; tests put fakes in the two
 * seams ({@link BlockLocator}, {@link BlockFetcher}) to see which limits a read was built with.
 */
final class ReaderServices {

  /** Where a read's blocks are: {@link MapOutputCompat#locate} in production. */
  @FunctionalInterface
  interface BlockLocator {
    BlockLocations locate(ReadRange range, boolean pushBasedMerged);
  }

  /** Starts fetching a read's blocks: {@link FetchIteratorCompat#open} in production. */
  @FunctionalInterface
  interface BlockFetcher {
    Iterator<Tuple2<BlockId, InputStream>> open(TaskContext context, BlockLocations blocks, FetchLimits limits,
        ShuffleReadMetricsReporter readMetrics, boolean doBatchFetch);
  }

  private final SparkConf conf;
  private final FetchLimitsPolicy policy;
  private final ExecutorFetchBudget budget;
  private final BlockLocator locator;
  private final BlockFetcher fetcher;
  private final Supplier<TaskCheckpoint> checkpoint;
  private final BooleanSupplier sortUnderPressure;

  ReaderServices(SparkConf conf, FetchLimitsPolicy policy, ExecutorFetchBudget budget, BooleanSupplier sortUnderPressure,
      BlockLocator locator, BlockFetcher fetcher, Supplier<TaskCheckpoint> checkpoint) {
    this.sortUnderPressure = Objects.requireNonNull(sortUnderPressure, "sortUnderPressure");
    this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
    this.conf = Objects.requireNonNull(conf, "conf");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.budget = Objects.requireNonNull(budget, "budget");
    this.locator = Objects.requireNonNull(locator, "locator");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
  }

  /** The executor's real services; called per {@code getReader}, when {@code SparkEnv} is known to be set. */
  static ReaderServices fromSparkEnv(SparkConf conf, ShuffleExtensions extensions) {
    SparkEnv env = SparkEnv.get();
    FetchIteratorCompat fetch = new FetchIteratorCompat(env.blockManager(), env.mapOutputTracker(),
        env.serializerManager());
    return new ReaderServices(conf, extensions.fetchLimitsPolicy(), extensions.fetchBudget(), extensions.sortUnderPressure(),
        (range, pushBasedMerged) -> MapOutputCompat.locate(env.mapOutputTracker(), range, pushBasedMerged),
        fetch::open, SpillwayRuntime::taskCheckpoint);
  }

  SparkConf conf() {
    return conf;
  }

  BlockLocator locator() {
    return locator;
  }

  BlockFetcher fetcher() {
    return fetcher;
  }

  /** Whether reduce-side sorts should spill now whatever their estimate says (see {@code ReduceSortSpillPolicy}). */
  BooleanSupplier sortUnderPressure() {
    return sortUnderPressure;
  }

  /** Reduce-side merging of map-side combiners: Spark's map or the tiered store ({@code tiered.aggregation}). */
  io.spillway.shuffle.tiered.ReduceSideAggregation reduceSideAggregation() {
    return new io.spillway.shuffle.tiered.ReduceSideAggregation(
        io.spillway.shuffle.tiered.TieredAggregationMode.of(conf), SpillwayRuntime::lastPressureLevel,
        io.spillway.shuffle.tiered.ReduceSideAggregation.StoreOpener.fromConf(conf));
  }

  /** Where spilled groups go: Spark's local dirs and spill framing. */
  io.spillway.storage.group.SpillFiles spillFiles() {
    return io.spillway.storage.group.SpillFiles.ofSparkEnv();
  }

  /** The control loop's per-record hook, read once per read ({@code SpillwayRuntime::taskCheckpoint}). */
  TaskCheckpoint checkpoint() {
    return checkpoint.get();
  }

  /**
   * The policy's limits for this read, starting from Spark's configured values (read per call, like
   * stock Spark, so a conf the task sees is the conf used).
   */
  FetchLimits limitsFor(ReadRange range, TaskContext context) {
    FetchLimits configured = FetchConfCompat.configuredLimits(conf);
    FetchLimits chosen = policy.limitsFor(range, context, configured);
    if (chosen == null) {
      throw new IllegalStateException("fetch limits policy " + policy + " returned null for shuffle "
          + range.shuffleId() + " partitions [" + range.startPartition() + ", " + range.endPartition()
          + ") in stage " + context.stageId() + " task " + context.taskAttemptId());
    }
    return chosen;
  }

  /**
   * This read's share of the executor's fetch budget, starting from {@link #limitsFor}; released by a
   * task-completion listener at the latest (the reader releases it earlier, when its records run out).
   */
  ExecutorFetchBudget.Grant reserve(ReadRange range, TaskContext context) {
    ExecutorFetchBudget.Grant grant = budget.reserve(limitsFor(range, context));
    context.addTaskCompletionListener((TaskCompletionListener) done -> grant.close());
    return grant;
  }
}

package io.spillway.shuffle;

import io.spillway.shuffle.compat.BlockLocations;
import io.spillway.shuffle.compat.FetchConfCompat;
import io.spillway.shuffle.compat.FetchIteratorCompat;
import io.spillway.shuffle.compat.MapOutputCompat;
import java.io.InputStream;
import java.util.Objects;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.shuffle.ShuffleReadMetricsReporter;
import org.apache.spark.storage.BlockId;
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
  private final BlockLocator locator;
  private final BlockFetcher fetcher;

  ReaderServices(SparkConf conf, FetchLimitsPolicy policy, BlockLocator locator, BlockFetcher fetcher) {
    this.conf = Objects.requireNonNull(conf, "conf");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.locator = Objects.requireNonNull(locator, "locator");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
  }

  /** The executor's real services; called per {@code getReader}, when {@code SparkEnv} is known to be set. */
  static ReaderServices fromSparkEnv(SparkConf conf, FetchLimitsPolicy policy) {
    SparkEnv env = SparkEnv.get();
    FetchIteratorCompat fetch = new FetchIteratorCompat(env.blockManager(), env.mapOutputTracker(),
        env.serializerManager());
    return new ReaderServices(conf, policy,
        (range, pushBasedMerged) -> MapOutputCompat.locate(env.mapOutputTracker(), range, pushBasedMerged),
        fetch::open);
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
}

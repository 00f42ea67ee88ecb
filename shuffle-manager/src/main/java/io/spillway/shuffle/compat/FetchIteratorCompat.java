package io.spillway.shuffle.compat;

import io.spillway.shuffle.FetchLimits;
import java.io.InputStream;
import org.apache.spark.MapOutputTracker;
import org.apache.spark.TaskContext;
import org.apache.spark.serializer.SerializerManager;
import org.apache.spark.shuffle.ShuffleReadMetricsReporter;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManager;
import org.apache.spark.storage.ShuffleBlockFetcherIterator;
import org.apache.spark.util.SystemClock;
import scala.Tuple2;
import scala.collection.Iterator;

/**
 * Builds Spark's {@link ShuffleBlockFetcherIterator} with per-read {@link FetchLimits} and returns its
 * completion iterator (which releases buffers and deletes fetched-to-disk files when the read ends).
 *
 * <p>Checked against Spark 4.1.3, whose constructor takes 18 positional arguments. Tracks:
 * {@code doBatchFetch} (Spark 3.0, SPARK-9853), {@code maxAttemptsOnNettyOOM} (3.2, SPARK-27991),
 * {@code checksumEnabled}/{@code checksumAlgorithm} (3.2, SPARK-35275) and the trailing {@code Clock}.
 */
public final class FetchIteratorCompat {

  private final BlockManager blockManager;
  private final MapOutputTracker mapOutputTracker;
  private final SerializerManager serializerManager;

  /** The executor's services, from {@code SparkEnv}. */
  public FetchIteratorCompat(BlockManager blockManager, MapOutputTracker mapOutputTracker,
      SerializerManager serializerManager) {
    this.blockManager = blockManager;
    this.mapOutputTracker = mapOutputTracker;
    this.serializerManager = serializerManager;
  }

  /**
   * Starts fetching (the constructor sends the first requests) and returns the streams, each already
   * wrapped for decompression and decryption by the serializer manager.
   */
  public Iterator<Tuple2<BlockId, InputStream>> open(TaskContext context, BlockLocations blocks, FetchLimits limits,
      ShuffleReadMetricsReporter readMetrics, boolean doBatchFetch) {
    return create(context, blocks, limits, readMetrics, doBatchFetch).toCompletionIterator();
  }

  /** The fetcher itself, without its completion wrapper: {@link #open} and tests of the argument order. */
  public ShuffleBlockFetcherIterator create(TaskContext context, BlockLocations blocks, FetchLimits limits,
      ShuffleReadMetricsReporter readMetrics, boolean doBatchFetch) {
    return new ShuffleBlockFetcherIterator(
        context,
        blockManager.blockStoreClient(),
        blockManager,
        mapOutputTracker,
        blocks.blocksByAddress(),
        (blockId, in) -> serializerManager.wrapStream(blockId, in),
        limits.maxBytesInFlight(),
        limits.maxRequestsInFlight(),
        limits.maxBlocksInFlightPerAddress(),
        limits.fetchToDiskThresholdBytes(),
        limits.maxAttemptsOnNettyOom(),
        limits.detectCorrupt(),
        limits.detectCorruptUseExtraMemory(),
        limits.checksumEnabled(),
        limits.checksumAlgorithm(),
        readMetrics,
        doBatchFetch,
        new SystemClock());
  }
}

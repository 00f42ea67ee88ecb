package io.spillway.shuffle.compat;

import java.io.File;
import java.io.IOException;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.shuffle.ShuffleWriteMetricsReporter;
import org.apache.spark.shuffle.api.ShuffleExecutorComponents;
import org.apache.spark.shuffle.api.ShuffleMapOutputWriter;
import org.apache.spark.storage.ShuffleDataBlockId;
import org.apache.spark.util.collection.ExternalSorter;

/**
 * The executor side of the configured shuffle I/O plugin ({@code spark.shuffle.sort.io.plugin.class}), and
 * how a map-side sorter's output goes through it, step for step as {@code SortShuffleWriter.write}: a map output
 * writer from the plugin, the sorter's partitions written into it, committed with the sorter's partition
 * checksums. The plugin API ({@code org.apache.spark.shuffle.api}) is {@code @Private} and
 * {@code ExternalSorter.writePartitionedMapOutput} / {@code getChecksums} have no API marker; all are the same on
 * 4.0.4, 4.1.3 and 4.2.0.
 */
public final class MapOutputPlugin {

  private final ShuffleExecutorComponents components;

  private MapOutputPlugin(ShuffleExecutorComponents components) {
    this.components = components;
  }

  /** The plugin's executor components, loaded and initialized for this executor (needs {@code SparkEnv}). */
  public static MapOutputPlugin load(SparkConf conf) {
    return new MapOutputPlugin(ShuffleIoCompat.loadExecutorComponents(conf));
  }

  /** Components already loaded (tests). */
  public static MapOutputPlugin of(ShuffleExecutorComponents components) {
    return new MapOutputPlugin(components);
  }

  /**
   * Writes {@code sorter}'s partitions as map {@code mapId}'s output of shuffle {@code shuffleId} and commits
   * them; returns the partition lengths the commit reports.
   *
   * <p>When a write or the commit fails (a full disk's {@code No space left on device}, most often), the map output
   * writer is aborted, so the attempt's half-written output (Spark's local-disk plugin: a temporary data file
   * beside the final one) is deleted and never read back; Spark's own {@code SortShuffleWriter} does not abort and
   * leaves that file in the executor's local dirs until the application ends. The error is rethrown as an
   * {@link IOException} naming the shuffle, the map, where its data file goes and what was being written; the task
   * fails and Spark retries it.
   */
  public long[] writeSorted(ExternalSorter<?, ?, ?> sorter, int shuffleId, long mapId, int numPartitions,
      ShuffleWriteMetricsReporter writeMetrics) throws IOException {
    // Not timed as shuffle write time, as in Spark: opening one file is too fast to measure (SPARK-3570).
    ShuffleMapOutputWriter writer = components.createMapOutputWriter(shuffleId, mapId, numPartitions);
    String doing = "writing the partitions of";
    try {
      sorter.writePartitionedMapOutput(shuffleId, mapId, writer, writeMetrics);
      doing = "committing";
      return writer.commitAllPartitions(sorter.getChecksums()).getPartitionLengths();
    } catch (IOException | RuntimeException e) { // Scala code throws IOException undeclared
      try {
        writer.abort(e);
      } catch (IOException | RuntimeException abortFailed) {
        e.addSuppressed(abortFailed);
      }
      throw new IOException(failureMessage(doing, shuffleId, mapId, e), e);
    }
  }

  private String failureMessage(String doing, int shuffleId, long mapId, Exception cause) {
    File dataFile = SparkEnv.get().blockManager().diskBlockManager()
        .getFile(new ShuffleDataBlockId(shuffleId, mapId, 0)); // reduce id 0: the resolver's NOOP_REDUCE_ID
    return "Spillway's map-side writer failed " + doing + " the map output of shuffle " + shuffleId + " map "
        + mapId + " through shuffle I/O plugin " + components.getClass().getName() + " (local-disk data file "
        + dataFile.getName() + ", directory " + dataFile.getParent() + "); the attempt's partial output was "
        + "discarded and the task fails, Spark retries it: " + cause.getMessage();
  }
}

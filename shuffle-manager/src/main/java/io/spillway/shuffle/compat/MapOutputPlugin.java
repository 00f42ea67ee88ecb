package io.spillway.shuffle.compat;

import java.io.IOException;
import org.apache.spark.SparkConf;
import org.apache.spark.shuffle.ShuffleWriteMetricsReporter;
import org.apache.spark.shuffle.api.ShuffleExecutorComponents;
import org.apache.spark.shuffle.api.ShuffleMapOutputWriter;
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
   */
  public long[] writeSorted(ExternalSorter<?, ?, ?> sorter, int shuffleId, long mapId, int numPartitions,
      ShuffleWriteMetricsReporter writeMetrics) throws IOException {
    // Not timed as shuffle write time, as in Spark: opening one file is too fast to measure (SPARK-3570).
    ShuffleMapOutputWriter writer = components.createMapOutputWriter(shuffleId, mapId, numPartitions);
    sorter.writePartitionedMapOutput(shuffleId, mapId, writer, writeMetrics);
    return writer.commitAllPartitions(sorter.getChecksums()).getPartitionLengths();
  }
}

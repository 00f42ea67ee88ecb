package io.spillway.shuffle.write;

import io.spillway.runtime.compat.TaskMetricsCompat;
import io.spillway.shuffle.compat.ShuffleShims;
import io.spillway.shuffle.compat.SorterCalls;
import io.spillway.shuffle.compat.SortShuffleCompat;
import java.io.IOException;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.MapStatus;
import org.apache.spark.shuffle.ShuffleWriteMetricsReporter;
import org.apache.spark.shuffle.ShuffleWriter;
import org.apache.spark.util.collection.ExternalSorter;
import scala.Option;
import scala.Product2;
import scala.collection.Iterator;

/**
 * The map-side writer of a shuffle with map-side combine: Spark 4.1.3's {@code SortShuffleWriter.write}
 * and {@code stop} step for step (4.0's differs only in the map status, see {@link ShuffleShims#mapStatus}),
 * buffering in Spark's {@code ExternalSorter} whose spill check is a {@link MapSideSpillPolicy}, so that a
 * buffer Spark's estimate misses still spills.
 *
 * <p>What it writes is Spark's sort-shuffle output, unchanged: the map output writer of the configured
 * shuffle I/O plugin ({@code ShuffleExecutorComponents}) receives the sorter's partitions
 * ({@code writePartitionedMapOutput}) and commits them with the sorter's partition checksums, and the
 * {@link MapStatus} carries the aggregated row-based checksum (Spark 4.1 and later). So the index and data files, checksum files
 * and {@code IndexShuffleBlockResolver} are Spark's, and the external shuffle service, decommissioning and
 * AQE read them as they read Spark's.
 */
public final class SpillwaySortShuffleWriter<K, V, C> extends ShuffleWriter<K, V> {

  private final ShuffleDependency<K, V, C> dep;
  private final long mapId;
  private final TaskContext context;
  private final ShuffleWriteMetricsReporter writeMetrics;
  private final MapSideWriters services;
  private ExternalSorter<K, V, C> sorter;
  private MapSideSpillPolicy<K, C> spillPolicy;
  /**
   * Whether stop was called: a map task can call {@code stop(true)} and then {@code stop(false)} if it
   * fails afterwards, and files must not be cleaned twice (as in Spark's writer).
   */
  private boolean stopping;
  private MapStatus mapStatus;
  private long[] partitionLengths;

  SpillwaySortShuffleWriter(ShuffleDependency<K, V, C> dep, long mapId, TaskContext context,
      ShuffleWriteMetricsReporter writeMetrics, MapSideWriters services) {
    this.dep = dep;
    if (!dep.mapSideCombine()) {
      throw new IllegalArgumentException("shuffle " + dep.shuffleId() + " has no map-side combine; "
          + "its map tasks use Spark's writers");
    }
    this.mapId = mapId;
    this.context = context;
    this.writeMetrics = writeMetrics;
    this.services = services;
  }

  @Override
  public void write(Iterator<Product2<K, V>> records) throws IOException {
    spillPolicy = new MapSideSpillPolicy<>(context, services.newTriggers());
    sorter = spillPolicy.sorter(dep);
    SorterCalls.insertAll(sorter, records);
    partitionLengths = services.mapOutputPlugin().writeSorted(sorter, dep.shuffleId(), mapId,
        dep.partitioner().numPartitions(), writeMetrics);
    mapStatus = ShuffleShims.get().mapStatus(SortShuffleCompat.shuffleServerId(), partitionLengths, mapId, sorter);
  }

  @Override
  public Option<MapStatus> stop(boolean success) {
    try {
      if (stopping) {
        return Option.empty();
      }
      stopping = true;
      return success ? Option.apply(mapStatus) : Option.empty();
    } finally {
      // the sorter may hold spill files of its own
      if (sorter != null) {
        long startNanos = System.nanoTime();
        SorterCalls.stop(sorter);
        TaskMetricsCompat.incWriteTime(writeMetrics, System.nanoTime() - startNanos);
        sorter = null;
      }
    }
  }

  @Override
  public long[] getPartitionLengths() {
    return partitionLengths;
  }

  /** The sorter of the current write, {@code null} before {@code write} and after {@code stop} (tests). */
  ExternalSorter<K, V, C> sorter() {
    return sorter;
  }

  /** The spill policy of the current or last write, {@code null} before {@code write} (tests). */
  MapSideSpillPolicy<K, C> spillPolicy() {
    return spillPolicy;
  }
}

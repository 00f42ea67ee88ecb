package io.spillway.shuffle.compat;

import org.apache.spark.ShuffleDependency;
import org.apache.spark.TaskContext;
import org.apache.spark.util.collection.ExternalSorter;
import scala.Option;

/**
 * Spark's map-side {@link ExternalSorter}, constructed from a shuffle dependency exactly as
 * {@code SortShuffleWriter.write} constructs it for a map-side combine: the dependency's aggregator,
 * partitioner, key ordering, serializer and row-based checksums. Subclasses change when it spills only.
 *
 * <p>Checked against Spark 4.1.3. Tracks: the sixth constructor parameter {@code rowBasedChecksums}
 * added in Spark 4.1 by SPARK-51756 (apache/spark#50230, order-independent shuffle checksums); a map-side
 * sorter must pass the dependency's, as Spark's writer does, or the map status carries no checksum.
 */
public abstract class MapSideExternalSorter<K, V, C> extends ExternalSorter<K, V, C> {

  protected MapSideExternalSorter(TaskContext context, ShuffleDependency<K, V, C> dep) {
    super(context, dep.aggregator(), Option.apply(dep.partitioner()), dep.keyOrdering(), dep.serializer(),
        dep.rowBasedChecksums());
  }
}

package io.spillway.shuffle.compat;

import org.apache.spark.Aggregator;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.MapStatus;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.shuffle.checksum.RowBasedChecksum;
import org.apache.spark.storage.BlockManagerId;
import org.apache.spark.util.collection.ExternalSorter;
import scala.Option;
import scala.math.Ordering;

/**
 * {@link ShuffleShims} for Spark 4.1 and 4.2 (checked against 4.1.3 and 4.2.0). Tracks SPARK-51756
 * (apache/spark#50230, order-independent shuffle checksums): {@code ExternalSorter}'s sixth constructor
 * parameter {@code rowBasedChecksums} and {@code MapStatus.apply}'s fourth, {@code checksumVal}.
 */
final class Spark41Shims implements ShuffleShims {

  @Override
  public String line() {
    return "4.1+";
  }

  @Override
  public <K, V, C> ExternalSorter<K, V, C> reduceSorter(TaskContext context, Option<Aggregator<K, V, C>> aggregator,
      Ordering<K> ordering, Serializer serializer, SortSpillHook<K, C> hook) {
    return new HookedExternalSorter<>(
        new SorterParts<>(context, aggregator, Option.empty(), Option.apply(ordering), serializer), noRowChecksums(), hook);
  }

  @Override
  public <K, V, C> ExternalSorter<K, V, C> mapSideSorter(TaskContext context, ShuffleDependency<K, V, C> dep,
      SortSpillHook<K, C> hook) {
    // a map-side sorter passes the dependency's checksums, as Spark's writer does, or the map status has none
    return new HookedExternalSorter<>(new SorterParts<>(context, dep.aggregator(), Option.apply(dep.partitioner()),
        dep.keyOrdering(), dep.serializer()), dep.rowBasedChecksums(), hook);
  }

  /**
   * A reader never computes row checksums: an empty array, as Spark's default argument is. Made per call,
   * not held in a static field, so that creating these shims on a 4.0 runtime (in tests) loads no 4.1 class.
   */
  private static RowBasedChecksum[] noRowChecksums() {
    return new RowBasedChecksum[0];
  }

  @Override
  public MapStatus mapStatus(BlockManagerId location, long[] partitionLengths, long mapId, ExternalSorter<?, ?, ?> sorter) {
    return MapStatus.apply(location, partitionLengths, mapId, sorter.getAggregatedChecksumValue());
  }
}

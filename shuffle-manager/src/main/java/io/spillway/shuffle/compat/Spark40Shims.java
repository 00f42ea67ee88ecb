package io.spillway.shuffle.compat;

import io.spillway.shuffle.compat.spark40.MapStatusSpark40;
import org.apache.spark.Aggregator;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.MapStatus;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.storage.BlockManagerId;
import org.apache.spark.util.collection.ExternalSorter;
import scala.Option;
import scala.math.Ordering;

/**
 * {@link ShuffleShims} for Spark 4.0 (checked against 4.0.4): {@code ExternalSorter}'s five-argument
 * constructor and the three-argument {@code MapStatus.apply}, both called from classes compiled against
 * Spark 4.0 ({@code spark40-shims}). Spark 4.0 has no row-based checksums, so there is none to pass.
 */
final class Spark40Shims implements ShuffleShims {

  @Override
  public String line() {
    return "4.0";
  }

  @Override
  public <K, V, C> ExternalSorter<K, V, C> reduceSorter(TaskContext context, Option<Aggregator<K, V, C>> aggregator,
      Ordering<K> ordering, Serializer serializer, SortSpillHook<K, C> hook) {
    return new HookedExternalSorter40<>(
        new SorterParts<>(context, aggregator, Option.empty(), Option.apply(ordering), serializer), hook);
  }

  @Override
  public <K, V, C> ExternalSorter<K, V, C> mapSideSorter(TaskContext context, ShuffleDependency<K, V, C> dep,
      SortSpillHook<K, C> hook) {
    return new HookedExternalSorter40<>(new SorterParts<>(context, dep.aggregator(), Option.apply(dep.partitioner()),
        dep.keyOrdering(), dep.serializer()), hook);
  }

  @Override
  public MapStatus mapStatus(BlockManagerId location, long[] partitionLengths, long mapId, ExternalSorter<?, ?, ?> sorter) {
    return MapStatusSpark40.of(location, partitionLengths, mapId);
  }
}

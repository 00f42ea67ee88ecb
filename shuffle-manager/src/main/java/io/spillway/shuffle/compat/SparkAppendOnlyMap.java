package io.spillway.shuffle.compat;

import java.util.Comparator;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.util.collection.ExternalAppendOnlyMap;
import org.apache.spark.util.collection.SizeTracker;
import org.apache.spark.util.collection.SizeTrackingAppendOnlyMap;
import scala.Function1;
import scala.Function2;
import scala.Tuple2;
import scala.collection.Iterator;

/**
 * Spark's {@link ExternalAppendOnlyMap}, constructed as Spark's {@code Aggregator} constructs it (the
 * executor's block manager and serializer manager, which Scala's default arguments would pass): the one
 * place Spillway calls that constructor. Subclasses change how it spills and merges.
 *
 * <p>Checked against Spark 4.0.4, 4.1.3 and 4.2.0: the same seven-parameter constructor on all three, so one
 * class serves every supported line (unlike {@code ExternalSorter}, see {@link ShuffleShims}). Raw supertype:
 * javac cannot check Scala's {@code Iterable} overrides generically.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public abstract class SparkAppendOnlyMap<K, V, C> extends ExternalAppendOnlyMap {

  /**
   * @param serializer for spill files (Spark's aggregation uses {@code SparkEnv.serializer})
   */
  protected SparkAppendOnlyMap(Function1<V, C> createCombiner, Function2<C, V, C> mergeValue,
      Function2<C, C, C> mergeCombiners, Serializer serializer, TaskContext context) {
    super(createCombiner, mergeValue, mergeCombiners, serializer, SparkEnv.get().blockManager(), context,
        SparkEnv.get().serializerManager());
  }

  /**
   * The map's in-memory pairs ({@code currentMap}, {@code private[collection]}: a public accessor in bytecode
   * on all three lines) sorted by {@code order}, in place, for a subclass that merges them itself: the map is
   * unusable afterwards ({@code destructiveSortedIterator}).
   */
  protected Iterator<Tuple2<K, C>> sortedInMemoryPairs(Comparator<K> order) {
    return ((SizeTrackingAppendOnlyMap<K, C>) currentMap()).destructiveSortedIterator(order);
  }

  /**
   * The pairs of {@code collection}, the in-memory map Spark hands to {@code spill}, sorted by {@code order} in
   * place ({@code SizeTrackingAppendOnlyMap.destructiveSortedIterator}, as Spark's own spill sorts them).
   */
  protected static <K, C> Iterator<Tuple2<K, C>> sortedPairs(SizeTracker collection, Comparator<K> order) {
    return ((SizeTrackingAppendOnlyMap<K, C>) collection).destructiveSortedIterator(order);
  }

  /** The pairs of {@code collection}, the in-memory map Spark hands to {@code spill}, in the map's order. */
  protected static <K, C> Iterator<Tuple2<K, C>> pairs(SizeTracker collection) {
    return ((SizeTrackingAppendOnlyMap<K, C>) collection).iterator();
  }

  /** Replaces the in-memory map by an empty one, so the pairs it held can be collected. */
  protected void dropInMemoryMap() {
    currentMap_$eq(new SizeTrackingAppendOnlyMap<>());
  }
}

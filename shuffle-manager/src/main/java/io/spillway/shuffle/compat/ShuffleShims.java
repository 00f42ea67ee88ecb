package io.spillway.shuffle.compat;

import io.spillway.runtime.compat.SparkVersion;
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
 * The calls whose bytecode differs between the Spark lines Spillway supports, one implementation per line,
 * chosen once per JVM from the running Spark's version ({@link #get()}).
 *
 * <p>Per-line classes rather than method handles: the one call that cannot be a handle decides it. A
 * subclass's super-constructor call is fixed at compile time, and Spillway subclasses {@code ExternalSorter}
 * to own its spill check; so the 4.0 sorter must be a class compiled against Spark 4.0 (module
 * {@code spark40-shims}), and with per-line classes anyway the rest (MapStatus's factory, the sorter's
 * checksum) stays plain, type-checked calls instead of handles looked up by name. A class compiled against
 * a signature its Spark lacks is never loaded: the JVM resolves a call when it first runs, so picking the
 * implementation here is enough.
 *
 * <ul>
 *   <li>{@link Spark41Shims} (4.1.x, 4.2.x and later): {@code ExternalSorter}'s six-argument constructor
 *       with row-based checksums and the four-argument {@code MapStatus.apply} (SPARK-51756).
 *   <li>{@link Spark40Shims} (4.0.x): the five-argument constructor and three-argument factory, no
 *       row-based checksum.
 * </ul>
 */
public interface ShuffleShims {

  /** The shims for the running Spark, chosen at first use and kept. */
  static ShuffleShims get() {
    return Chosen.SHIMS;
  }

  /** The shims for {@code version}: 4.0 (and older) get {@link Spark40Shims}, 4.1 and later {@link Spark41Shims}. */
  static ShuffleShims forVersion(SparkVersion version) {
    return version.atLeast(4, 1) ? new Spark41Shims() : new Spark40Shims();
  }

  /** Which line these shims are for, for logs and tests. */
  String line();

  /**
   * The reduce-side sorter (one output partition, no row checksums), spilling as {@code hook} decides.
   *
   * @param ordering the key ordering of the shuffle dependency
   * @param serializer the dependency's serializer, used for spill files
   */
  <K, V, C> ExternalSorter<K, V, C> reduceSorter(TaskContext context, Option<Aggregator<K, V, C>> aggregator,
      Ordering<K> ordering, Serializer serializer, SortSpillHook<K, C> hook);

  /**
   * The map-side sorter of a shuffle with map-side combine, built from the dependency as Spark's
   * {@code SortShuffleWriter} builds it (aggregator, partitioner, key ordering, serializer and, from 4.1,
   * the dependency's row-based checksums), spilling as {@code hook} decides.
   */
  <K, V, C> ExternalSorter<K, V, C> mapSideSorter(TaskContext context, ShuffleDependency<K, V, C> dep,
      SortSpillHook<K, C> hook);

  /**
   * A map task's status as Spark's {@code SortShuffleWriter} makes it: from 4.1 with the sorter's aggregated
   * row-based checksum (the driver compares it across attempts of a map), before that without.
   */
  MapStatus mapStatus(BlockManagerId location, long[] partitionLengths, long mapId, ExternalSorter<?, ?, ?> sorter);

  /** Holds the choice (initialised at the first {@link #get()}). */
  final class Chosen {
    static final ShuffleShims SHIMS = forVersion(SparkVersion.running());

    private Chosen() {}
  }
}

package io.spillway.shuffle.compat;

import org.apache.spark.util.collection.ExternalSorter;
import scala.Product2;
import scala.collection.Iterator;

/**
 * The calls Spillway's reader and writer make on Spark's {@code ExternalSorter} (no API marker) once a sorter is
 * built by {@link ShuffleShims}: feeding it and stopping it. Same on 4.0.4, 4.1.3 and 4.2.0.
 */
public final class SorterCalls {

  private SorterCalls() {}

  /** Buffers, combines and spills {@code records} (a map-side sorter). */
  public static <K, V> void insertAll(ExternalSorter<K, V, ?> sorter, Iterator<Product2<K, V>> records) {
    sorter.insertAll(records);
  }

  /**
   * Feeds {@code records} to a reduce-side sorter and returns its sorted (and combined) output; the task's spill
   * and peak-memory metrics are updated when the output is drained, as in {@code BlockStoreShuffleReader}.
   */
  public static <K, V, C> Iterator<Product2<K, C>> insertAllAndUpdateMetrics(ExternalSorter<K, V, C> sorter,
      Iterator<Product2<K, V>> records) {
    return sorter.insertAllAndUpdateMetrics(records);
  }

  /** Releases the sorter's memory and deletes its spill files. */
  public static void stop(ExternalSorter<?, ?, ?> sorter) {
    sorter.stop();
  }
}

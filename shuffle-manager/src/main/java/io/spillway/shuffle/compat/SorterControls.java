package io.spillway.shuffle.compat;

import org.apache.spark.util.collection.WritablePartitionedPairCollection;

/**
 * What a {@link SortSpillHook} may do to its {@code ExternalSorter}: the {@code Spillable} members a
 * subclass sees (checked against Spark 4.0.4, 4.1.3 and 4.2.0: same names and types on all three).
 */
public interface SorterControls<K, C> {

  /**
   * Spark's {@code Spillable.maybeSpill}: when the records-read counter is a multiple of 32 and
   * {@code currentMemory} passes the threshold, asks the pool for {@code 2 * currentMemory - threshold}
   * and spills if refused; returns whether it spilled (then Spark's own counters and metrics are updated).
   */
  boolean sparkMaybeSpill(WritablePartitionedPairCollection<K, C> collection, long currentMemory);

  /** Writes {@code collection} to a spill file ({@code ExternalSorter.spill}); releases nothing. */
  void spillCollection(WritablePartitionedPairCollection<K, C> collection);

  /** Gives back all execution memory the sorter holds ({@code Spillable.releaseMemory}). */
  void releaseMemory();

  /** Spark's records-read counter since the last spill ({@code Spillable.elementsRead}). */
  int recordsRead();

  /** Advances Spark's records-read counter by one ({@code Spillable.addElementsRead}). */
  void addRecordRead();

  /** Execution memory the sorter holds now ({@code MemoryConsumer.getUsed}). */
  long getUsed();
}

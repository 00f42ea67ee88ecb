package io.spillway.shuffle.compat;

import org.apache.spark.util.collection.WritablePartitionedPairCollection;

/**
 * When a sorter built by {@link ShuffleShims} spills: called in place of Spark's
 * {@code Spillable.maybeSpill(collection, currentMemory)} after each buffered record, on the task thread.
 * It returns whether it spilled (ExternalSorter's {@code maybeSpillCollection} then starts a fresh buffer),
 * and acts through the sorter's {@link SorterControls}: Spark's own check, a spill, a release.
 *
 * <p>Why a hook instead of a subclass: the sorter's class must be compiled against the constructor of the
 * Spark line it runs on (4.0 and 4.1 differ), so the subclasses live in the compat seam, one per line, and
 * the spill policy — Spillway's logic — is written once, here, against this interface.
 */
@FunctionalInterface
public interface SortSpillHook<K, C> {

  boolean maybeSpill(WritablePartitionedPairCollection<K, C> collection, long currentMemory, SorterControls<K, C> sorter);

  /** Spark's own check only: a sorter that behaves exactly as Spark's. */
  static <K, C> SortSpillHook<K, C> spark() {
    return (collection, currentMemory, sorter) -> sorter.sparkMaybeSpill(collection, currentMemory);
  }
}

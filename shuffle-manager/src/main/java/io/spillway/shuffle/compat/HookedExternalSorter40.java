package io.spillway.shuffle.compat;

import io.spillway.shuffle.compat.spark40.ExternalSorterSpark40;
import org.apache.spark.util.collection.WritablePartitionedPairCollection;

/**
 * {@link HookedExternalSorter} for Spark 4.0: the same hook, over {@link ExternalSorterSpark40} (the 4.0
 * five-parameter constructor, compiled against Spark 4.0 in the {@code spark40-shims} module). Created only
 * by {@link Spark40Shims}. The two classes cannot share a superclass: each one's superclass is the Spark
 * line's constructor.
 */
final class HookedExternalSorter40<K, V, C> extends ExternalSorterSpark40<K, V, C> implements SorterControls<K, C> {

  private final SortSpillHook<K, C> hook;

  HookedExternalSorter40(SorterParts<K, V, C> parts, SortSpillHook<K, C> hook) {
    super(parts.context(), parts.aggregator(), parts.partitioner(), parts.ordering(), parts.serializer());
    this.hook = hook;
  }

  @Override
  public boolean maybeSpill(WritablePartitionedPairCollection<K, C> collection, long currentMemory) {
    return hook.maybeSpill(collection, currentMemory, this);
  }

  @Override
  public boolean sparkMaybeSpill(WritablePartitionedPairCollection<K, C> collection, long currentMemory) {
    return super.maybeSpill(collection, currentMemory);
  }

  @Override
  public void spillCollection(WritablePartitionedPairCollection<K, C> collection) {
    spill(collection);
  }

  @Override
  public int recordsRead() {
    return elementsRead();
  }

  @Override
  public void addRecordRead() {
    addElementsRead();
  }
}

package io.spillway.shuffle.compat;

import org.apache.spark.shuffle.checksum.RowBasedChecksum;
import org.apache.spark.util.collection.ExternalSorter;
import org.apache.spark.util.collection.WritablePartitionedPairCollection;

/**
 * Spark's {@link ExternalSorter} built through its Spark 4.1/4.2 constructor (six parameters: the sixth,
 * {@code rowBasedChecksums}, came with SPARK-51756), whose spill check is a {@link SortSpillHook}. Created
 * only by {@link Spark41Shims}; the Spark 4.0 twin is {@link HookedExternalSorter40}.
 */
final class HookedExternalSorter<K, V, C> extends ExternalSorter<K, V, C> implements SorterControls<K, C> {

  private final SortSpillHook<K, C> hook;

  HookedExternalSorter(SorterParts<K, V, C> parts, RowBasedChecksum[] rowBasedChecksums, SortSpillHook<K, C> hook) {
    super(parts.context(), parts.aggregator(), parts.partitioner(), parts.ordering(), parts.serializer(),
        rowBasedChecksums);
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

package io.spillway.storage.tiered;

/**
 * What a {@link TieredStore} did, for metrics and the A/B report.
 *
 * @param heapHits            reads answered by the heap tier
 * @param offHeapHits         reads answered by the off-heap tier (each promoted the entry back on heap)
 * @param misses              reads of keys in neither tier
 * @param evictions           entries the heap tier evicted, each written off heap
 * @param heapEntries         entries on heap now
 * @param heapWeightBytes     estimated bytes on heap now
 * @param heapMaxBytes        the heap tier's bound now (follows the pressure level)
 * @param offHeapEntries      entries off heap now
 * @param offHeapEntryBytes   serialized key and value bytes off heap now
 * @param offHeapFileBytes    bytes of the off-heap maps' files, reserved on disk when each was created
 * @param offHeapMaps         off-heap maps built (more than one: maps were chained)
 * @param offHeapBytesWritten serialized key and value bytes written off heap over the store's life
 */
public record TieredStoreStats(long heapHits, long offHeapHits, long misses, long evictions, long heapEntries,
    long heapWeightBytes, long heapMaxBytes, long offHeapEntries, long offHeapEntryBytes, long offHeapFileBytes,
    int offHeapMaps, long offHeapBytesWritten) {

  /** Share of reads that found their key that the heap tier answered; 1 when nothing was found yet. */
  public double heapHitRatio() {
    long hits = heapHits + offHeapHits;
    return hits == 0 ? 1.0 : (double) heapHits / hits;
  }
}

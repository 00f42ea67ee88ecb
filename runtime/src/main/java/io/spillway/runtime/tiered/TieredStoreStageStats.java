package io.spillway.runtime.tiered;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * The tiered store's figures of one stage attempt: the sum over its tasks that used a store. Built by
 * {@link TieredStoreStatsCollector} on the driver, logged, posted as a {@link TieredStoreStageEvent} and
 * counted in the driver's metrics; the A/B report reads it from the event log. Field names are the event
 * log's format.
 *
 * @param stageId the stage
 * @param stageAttempt its attempt number
 * @param tasks task attempts that used a store and reported
 * @param recordsMerged records merged into the stores
 * @param heapHits reads the heap tiers answered
 * @param offHeapHits reads the off-heap tiers answered
 * @param misses reads of keys in neither tier
 * @param evictions entries evicted from the heap tiers (each written off heap)
 * @param bytesWrittenOffHeap serialized bytes written off heap
 * @param maxTaskOffHeapEntryBytes the largest {@link TieredStoreTaskStats#offHeapEntryBytes} of a task
 * @param offHeapMaps off-heap maps built over all tasks (more than {@code tasks}: some task chained maps)
 */
public record TieredStoreStageStats(int stageId, int stageAttempt, int tasks, long recordsMerged, long heapHits,
    long offHeapHits, long misses, long evictions, long bytesWrittenOffHeap, long maxTaskOffHeapEntryBytes,
    long offHeapMaps) {

  /**
   * The heap-tier hit rate, the one definition the log, the event and the report use: the share of all
   * the store's reads (a miss is the read of a new key) that the heap tier answered, {@code heapHits /
   * (heapHits + offHeapHits + misses)}; 0 when there were no reads.
   */
  public static double heapTierHitRate(long heapHits, long offHeapHits, long misses) {
    long reads = heapHits + offHeapHits + misses;
    return reads == 0 ? 0.0 : (double) heapHits / reads;
  }

  /** {@link #heapTierHitRate(long, long, long)} of this stage; in the event log for readers, not read back. */
  @JsonProperty(value = "heapTierHitRate", access = JsonProperty.Access.READ_ONLY)
  public double heapTierHitRate() {
    return heapTierHitRate(heapHits, offHeapHits, misses);
  }

  /** One line for the driver log. */
  public String describe() {
    return String.format(Locale.ROOT, "stage %d.%d: %d tasks used the tiered store, %d records merged, heap-tier "
            + "hit rate %.1f%% (%d heap hits, %d off-heap hits, %d misses), %d evictions, %d bytes written off heap, "
            + "largest task's off-heap entries %d bytes, %d off-heap maps",
        stageId, stageAttempt, tasks, recordsMerged, 100 * heapTierHitRate(), heapHits, offHeapHits, misses,
        evictions, bytesWrittenOffHeap, maxTaskOffHeapEntryBytes, offHeapMaps);
  }
}

package io.spillway.runtime.tiered;

import java.io.Serializable;

/**
 * What one task's tiered store did, sent by the task to the driver plugin when the task ends (the
 * counters are copied from the storage module's {@code TieredStoreStats}: the runtime does not depend on
 * storage). The driver adds them up per stage attempt ({@link TieredStoreStatsCollector}).
 *
 * @param stageId the task's stage
 * @param stageAttempt the stage's attempt number
 * @param partition the task's partition
 * @param taskAttemptId Spark's task attempt id (unique in the application)
 * @param recordsMerged records the task merged into the store
 * @param heapHits reads the heap tier answered
 * @param offHeapHits reads the off-heap tier answered
 * @param misses reads of keys in neither tier (a new key)
 * @param evictions entries the heap tier evicted, each written off heap
 * @param bytesWrittenOffHeap serialized key and value bytes written off heap over the store's life
 * @param offHeapEntryBytes serialized bytes of the entries off heap when the merging ended (before the
 *     drain read them out): the most the store held off heap at its end, a lower bound of its peak
 * @param offHeapMaps off-heap maps built (more than one: maps were chained)
 */
public record TieredStoreTaskStats(int stageId, int stageAttempt, int partition, long taskAttemptId,
    long recordsMerged, long heapHits, long offHeapHits, long misses, long evictions, long bytesWrittenOffHeap,
    long offHeapEntryBytes, int offHeapMaps) implements Serializable {
}

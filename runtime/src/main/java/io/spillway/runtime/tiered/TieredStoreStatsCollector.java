package io.spillway.runtime.tiered;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adds up tasks' {@link TieredStoreTaskStats} per stage attempt on the driver, until the stage attempt is
 * flushed into its {@link TieredStoreStageStats}. Every task attempt that reports counts (a retried or
 * speculative attempt did its merging too). A message arriving after its stage attempt was flushed opens
 * it again and is published with the next flush (at the latest at shutdown).
 *
 * <p>Thread-safe: executors' messages arrive on the plugin's RPC thread while the listener flushes.
 */
public final class TieredStoreStatsCollector {

  /** A stage attempt. */
  record StageAttempt(int stageId, int attempt) {}

  private final Map<StageAttempt, Accumulator> open = new LinkedHashMap<>();

  /** Adds one task's figures. */
  public synchronized void add(TieredStoreTaskStats task) {
    open.computeIfAbsent(new StageAttempt(task.stageId(), task.stageAttempt()), k -> new Accumulator()).add(task);
  }

  /** The figures of the stage attempt, if any task of it reported since the last flush. */
  public synchronized Optional<TieredStoreStageStats> flush(int stageId, int attempt) {
    Accumulator acc = open.remove(new StageAttempt(stageId, attempt));
    return acc == null ? Optional.empty() : Optional.of(acc.stats(stageId, attempt));
  }

  /** The figures of every stage attempt still open, in the order they opened (at shutdown). */
  public synchronized List<TieredStoreStageStats> flushAll() {
    List<TieredStoreStageStats> out = new ArrayList<>();
    for (StageAttempt s : List.copyOf(open.keySet())) {
      flush(s.stageId(), s.attempt()).ifPresent(out::add);
    }
    return out;
  }

  /** Whether some task of the stage attempt reported and it was not flushed yet. */
  public synchronized boolean isOpen(int stageId, int attempt) {
    return open.containsKey(new StageAttempt(stageId, attempt));
  }

  private static final class Accumulator {
    private int tasks;
    private long recordsMerged;
    private long heapHits;
    private long offHeapHits;
    private long misses;
    private long evictions;
    private long bytesWrittenOffHeap;
    private long maxTaskOffHeapEntryBytes;
    private long offHeapMaps;

    void add(TieredStoreTaskStats t) {
      tasks++;
      recordsMerged += t.recordsMerged();
      heapHits += t.heapHits();
      offHeapHits += t.offHeapHits();
      misses += t.misses();
      evictions += t.evictions();
      bytesWrittenOffHeap += t.bytesWrittenOffHeap();
      maxTaskOffHeapEntryBytes = Math.max(maxTaskOffHeapEntryBytes, t.offHeapEntryBytes());
      offHeapMaps += t.offHeapMaps();
    }

    TieredStoreStageStats stats(int stageId, int attempt) {
      return new TieredStoreStageStats(stageId, attempt, tasks, recordsMerged, heapHits, offHeapHits, misses,
          evictions, bytesWrittenOffHeap, maxTaskOffHeapEntryBytes, offHeapMaps);
    }
  }
}

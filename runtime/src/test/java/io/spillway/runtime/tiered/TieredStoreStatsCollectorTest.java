package io.spillway.runtime.tiered;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tasks' figures are summed per stage attempt; stages and attempts are kept apart. */
class TieredStoreStatsCollectorTest {

  private final TieredStoreStatsCollector collector = new TieredStoreStatsCollector();

  private static TieredStoreTaskStats task(int stage, int attempt, long taskId, long base, long offHeapEntryBytes) {
    return new TieredStoreTaskStats(stage, attempt, (int) taskId, taskId, 10 * base, base, 2 * base, 3 * base,
        4 * base, 5 * base, offHeapEntryBytes, 1);
  }

  @Test
  void flush_twoTasksOfAStage_summedWithLargestOffHeapEntryBytes() {
    collector.add(task(2, 0, 1, 1, 700));
    collector.add(task(2, 0, 2, 10, 300));

    assertThat(collector.flush(2, 0)).contains(new TieredStoreStageStats(2, 0, 2, 110, 11, 22, 33, 44, 55, 700, 2));
    assertThat(collector.flush(2, 0)).as("flushed once").isEmpty();
  }

  @Test
  void flush_twoStages_keptApart() {
    collector.add(task(2, 0, 1, 1, 0));
    collector.add(task(5, 0, 2, 10, 0));

    assertThat(collector.flush(5, 0)).hasValueSatisfying(s -> assertThat(s.heapHits()).isEqualTo(10));
    assertThat(collector.isOpen(2, 0)).isTrue();
    assertThat(collector.flush(2, 0)).hasValueSatisfying(s -> assertThat(s.heapHits()).isEqualTo(1));
  }

  @Test
  void flush_twoAttemptsOfAStage_keptApart() {
    collector.add(task(2, 0, 1, 1, 0));
    collector.add(task(2, 1, 2, 10, 0));

    assertThat(collector.flush(2, 1)).hasValueSatisfying(s -> {
      assertThat(s.stageAttempt()).isEqualTo(1);
      assertThat(s.tasks()).isEqualTo(1);
      assertThat(s.misses()).isEqualTo(30);
    });
    assertThat(collector.flushAll()).extracting(TieredStoreStageStats::stageAttempt).containsExactly(0);
    assertThat(collector.isOpen(2, 0)).isFalse();
  }

  @Test
  void flush_stageNoTaskReported_empty() {
    assertThat(collector.flush(9, 0)).isEmpty();
    assertThat(collector.flushAll()).isEmpty();
  }
}

package io.spillway.runtime.tiered;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.util.JsonProtocol;
import org.junit.jupiter.api.Test;

/** The event survives Spark's own event-log JSON both ways, and the log carries the derived hit rate. */
class TieredStoreStageEventTest {

  private static final TieredStoreStageStats STATS =
      new TieredStoreStageStats(3, 1, 8, 1_000_000, 600_000, 150_000, 250_000, 90_000, 12_345_678L, 4_000_000L, 11);

  @Test
  void jsonProtocol_roundTrip_keepsTheStats() {
    String json = JsonProtocol.sparkEventToJsonString(new TieredStoreStageEvent(STATS));

    assertThat(json).contains("\"Event\":\"io.spillway.runtime.tiered.TieredStoreStageEvent\"")
        .contains("\"heapTierHitRate\":0.6").contains("\"bytesWrittenOffHeap\":12345678");
    SparkListenerEvent back = JsonProtocol.sparkEventFromJson(json);
    assertThat(back).isEqualTo(new TieredStoreStageEvent(STATS));
    assertThat(back.logEvent()).isTrue();
  }

  @Test
  void heapTierHitRate_countsMissesAsReads_andIsZeroWithoutReads() {
    assertThat(TieredStoreStageStats.heapTierHitRate(6, 1, 3)).isEqualTo(0.6);
    assertThat(TieredStoreStageStats.heapTierHitRate(0, 0, 0)).isZero();
    assertThat(STATS.heapTierHitRate()).isEqualTo(0.6);
  }
}

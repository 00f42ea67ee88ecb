package io.spillway.runtime.skew;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShuffleSkewCollectorTest {

  private static final ShuffleSkewCollector.Settings SETTINGS = new ShuffleSkewCollector.Settings(5, 0.01, 2.0, 16);

  private final ShuffleSkewCollector collector = new ShuffleSkewCollector(SETTINGS,
      id -> new ShuffleOrigin(ShuffleOrigin.Kind.COGROUP, "join at Job.java:42"));

  private static MapTaskKeySketch map(int mapIndex, long records, long untracked, SketchedKey... keys) {
    return new MapTaskKeySketch(3, mapIndex, 2, 8, MapTaskKeySketch.RDD_KEYS, records, records * 10, untracked,
        List.of(keys));
  }

  private static SketchedKey key(String rendered, int partition, long records) {
    return new SketchedKey(rendered, rendered.hashCode(), partition, records, 0, records * 10);
  }

  @Test
  void add_lastMapPartition_reportsSummedKeysHeaviestFirstWithHotFlagAndRemedy() {
    assertThat(collector.add(map(0, 1_000, 5, key("hot", 3, 500), key("warm", 1, 40)))).isEmpty();
    ShuffleSkewReport report = collector.add(map(1, 1_000, 5, key("hot", 3, 480), key("cold", 2, 10))).orElseThrow();

    assertThat(report.records()).isEqualTo(2_000);
    assertThat(report.mapsReported()).isEqualTo(2);
    assertThat(report.topKeys()).extracting(ReportedKey::rendered).containsExactly("hot", "warm", "cold");
    ReportedKey hot = report.topKeys().get(0);
    assertThat(hot.records()).isEqualTo(980);
    assertThat(hot.recordsShare()).isEqualTo(0.49);
    assertThat(hot.reducePartition()).isEqualTo(3);
    assertThat(hot.partitionLoad()).isEqualTo(980 * 10 / (20_000 / 8.0));
    assertThat(hot.hot()).isTrue();
    // "warm" was missing from map 1, whose untracked keys had at most 5 records each
    assertThat(report.topKeys().get(1).recordsErrorBound()).isEqualTo(5);
    assertThat(report.hotKeys()).hasSize(1);
    assertThat(report.remedy()).contains("io.spillway.skew.SkewJoin");
    assertThat(report.describe()).contains("HOT 'hot' → partition 3", "join at Job.java:42");
    assertThat(collector.openShuffles()).isEmpty();
  }

  @Test
  void add_samePartitionTwice_countsOnce() {
    collector.add(map(0, 1_000, 0, key("k", 0, 100)));
    assertThat(collector.add(map(0, 1_000, 0, key("k", 0, 100)))).isEmpty();

    ShuffleSkewReport report = collector.flush(3).orElseThrow();
    assertThat(report.records()).isEqualTo(1_000);
    assertThat(report.mapsReported()).isEqualTo(1);
    assertThat(report.numMaps()).isEqualTo(2);
    assertThat(report.describe()).contains("[1 of 2 map tasks reported]");
  }

  @Test
  void report_uniformKeys_noneHotAndNoRemedy() {
    collector.add(map(0, 800, 0, key("a", 0, 100), key("b", 1, 100)));
    ShuffleSkewReport report = collector.add(map(1, 800, 0, key("c", 2, 100), key("d", 3, 100))).orElseThrow();

    assertThat(report.hotKeys()).isEmpty();
    assertThat(report.remedy()).isEmpty();
  }

  @Test
  void report_awkwardRenderings_describedWithoutFailure() {
    String huge = "x".repeat(64) + "…";
    collector.add(map(0, 100, 0, key("null", 0, 60), key("0x00ff…(9 bytes)", 1, 20)));
    ShuffleSkewReport report = collector.add(map(1, 100, 0, key(huge, 2, 60), key("", 3, 1))).orElseThrow();

    assertThat(report.describe()).contains("'null'", "'0x00ff…(9 bytes)'", "''");
    assertThat(report.topKeys()).extracting(ReportedKey::rendered).contains(huge);
  }

  @Test
  void flushAll_reportsEveryOpenShuffle() {
    collector.add(map(0, 10, 0, key("k", 0, 10)));
    collector.add(new MapTaskKeySketch(4, 0, 3, 2, MapTaskKeySketch.SQL_COLUMNS, 10, 10, 0, List.of()));

    assertThat(collector.flushAll()).extracting(ShuffleSkewReport::shuffleId).containsExactlyInAnyOrder(3, 4);
    assertThat(collector.flush(3)).isEqualTo(Optional.empty());
  }

  @Test
  void add_manyDistinctKeys_keepsCandidatesBounded() {
    for (int m = 0; m < 2; m++) {
      SketchedKey[] keys = new SketchedKey[400];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = key("k" + m + "-" + i, i % 8, i == 0 ? 10_000 : 1 + i % 7);
      }
      collector.add(map(m, 20_000, 1, keys));
    }
    // completed: the report holds the top keys, the heaviest survived pruning
    assertThat(collector.openShuffles()).isEmpty();
  }
}

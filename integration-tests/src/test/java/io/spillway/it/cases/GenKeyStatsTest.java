package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenKeyStatsTest {

  @Test
  void of_countsAndDistinctMatchPlainCollections() {
    GenSkewedPairs gen = new GenSkewedPairs(50_001, 0.4, 3, 200, 3);
    Map<Long, Long> counts = new HashMap<>();
    Map<Long, Set<Long>> values = new HashMap<>();
    for (int p = 0; p < gen.partitions(); p++) {
      gen.partition(p).forEachRemaining(t -> {
        counts.merge(t._1(), 1L, Long::sum);
        values.computeIfAbsent(t._1(), k -> new HashSet<>()).add(t._2());
      });
    }

    GenKeyStats stats = GenKeyStats.of(gen);

    assertThat(stats.keySlots()).isEqualTo(201);
    for (long k = 0; k <= 200; k++) {
      assertThat(stats.count(k)).as("count of key %d", k).isEqualTo(counts.getOrDefault(k, 0L));
      assertThat(stats.distinct(k)).as("distinct of key %d", k)
          .isEqualTo(values.containsKey(k) ? values.get(k).size() : 0);
    }
    assertThat(stats.distinct(GenSkewedPairs.HOT_KEY)).isLessThan(stats.count(GenSkewedPairs.HOT_KEY));
  }
}

package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class S3AggregateByKeyIntoSetTest {

  @Test
  void expected_equalsSetsPerKeyWithPlainCollections() {
    GenSkewedPairs gen = GenSkewedPairs.of(
        CaseParams.of(40_000, 0.8, 4).with("coldKeys", 300).with("valuesPerBlock", 2));
    Map<Long, Set<Long>> sets = new HashMap<>();
    for (int p = 0; p < gen.partitions(); p++) {
      gen.partition(p).forEachRemaining(t -> sets.computeIfAbsent(t._1(), k -> new HashSet<>()).add(t._2()));
    }
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    sets.forEach((k, s) -> acc.add(GenChecksum.hash(k, s.size())));

    assertThat(S3AggregateByKeyIntoSet.expected(gen)).isEqualTo(acc.render());
    // Blocks of two records share a value: with skew 0.8 the hot key has about 0.96 · records/2 distinct values.
    assertThat(sets.get(GenSkewedPairs.HOT_KEY).size()).isBetween(18_800, 19_600);
  }
}

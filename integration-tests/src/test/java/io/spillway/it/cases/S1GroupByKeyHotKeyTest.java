package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S1GroupByKeyHotKeyTest {

  static final CaseParams SMALL = CaseParams.of(40_000, 0.5, 4).with("coldKeys", 300).with("valuesPerBlock", 2);

  @Test
  void expected_equalsGroupingWithPlainCollections() {
    GenSkewedPairs gen = GenSkewedPairs.of(SMALL);
    Map<Long, List<Long>> groups = new HashMap<>();
    for (int p = 0; p < gen.partitions(); p++) {
      gen.partition(p).forEachRemaining(t -> groups.computeIfAbsent(t._1(), k -> new ArrayList<>()).add(t._2()));
    }
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    groups.forEach((k, vs) -> acc.add(GenChecksum.hash(k, vs.size(), new HashSet<>(vs).size())));

    assertThat(S1GroupByKeyHotKey.expected(gen)).isEqualTo(acc.render());
    assertThat(acc.items()).isEqualTo(301);
  }

  @Test
  void defaults_halfTheRecordsOnTheHotKey() {
    CaseParams d = new S1GroupByKeyHotKey().defaults();
    GenSkewedPairs gen = GenSkewedPairs.of(d.scaled(0.005));
    long hot = 0;
    for (long g = 0; g < gen.records(); g++) {
      hot += gen.key(g) == GenSkewedPairs.HOT_KEY ? 1 : 0;
    }

    assertThat(d.skew()).isEqualTo(0.5);
    assertThat((double) hot / gen.records()).isBetween(0.49, 0.51);
  }
}

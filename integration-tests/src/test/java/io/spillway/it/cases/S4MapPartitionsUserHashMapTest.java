package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S4MapPartitionsUserHashMapTest {

  @Test
  void expected_equalsAggregatingAllEventsInOneHashMap() {
    long records = 30_001;
    long users = 1_000;
    Map<Long, long[]> perUser = new HashMap<>();
    S4MapPartitionsUserHashMap.events(0, records, users).forEachRemaining(e -> {
      long[] a = perUser.computeIfAbsent(e._1(), id -> new long[2]);
      a[0]++;
      a[1] += e._2();
    });
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    perUser.forEach((id, a) -> acc.add(GenChecksum.hash(id, a[0], a[1])));

    assertThat(perUser).hasSize(1_000);
    assertThat(S4MapPartitionsUserHashMap.expected(records, users)).isEqualTo(acc.render());
  }

  @Test
  void defaults_eachPartitionSeesEveryUserTwice() {
    CaseParams d = new S4MapPartitionsUserHashMap().defaults();

    assertThat(d.records() / d.partitions()).isEqualTo(2 * d.extra("users"));
  }
}

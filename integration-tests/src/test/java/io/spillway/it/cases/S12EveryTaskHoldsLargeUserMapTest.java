package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class S12EveryTaskHoldsLargeUserMapTest {

  @Test
  void expected_equalsWhatEachTasksUserCodeComputes() {
    int parts = 3;
    long keys = 1_000;
    long eventsPerKey = 3;
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    for (int p = 0; p < parts; p++) {
      S12EveryTaskHoldsLargeUserMap.partitionHashes(List.of(p).iterator(), keys, eventsPerKey)
          .forEachRemaining(acc::add);
    }

    assertThat(acc.items()).isEqualTo(parts * keys);
    assertThat(S12EveryTaskHoldsLargeUserMap.expected(parts, keys, eventsPerKey)).isEqualTo(acc.render());
  }

  @Test
  void defaults_fillTwoFourCoreExecutorsWith4point5MillionKeysPerTask() {
    CaseParams d = new S12EveryTaskHoldsLargeUserMap().defaults();

    assertThat(d.partitions()).isEqualTo(8);
    assertThat(S12EveryTaskHoldsLargeUserMap.keysPerPartition(d)).isEqualTo(4_500_000);
    assertThat(S12EveryTaskHoldsLargeUserMap.keysPerPartition(d.scaled(0.5))).isEqualTo(2_250_000);
  }

  @Test
  void registration_runsOnlyWhenNamed() {
    assertThat(Cases.byIds("S12")).singleElement().isInstanceOf(S12EveryTaskHoldsLargeUserMap.class);
    assertThat(Cases.all()).noneMatch(c -> c.id().equals("S12"));
    assertThat(Cases.benchmarks()).noneMatch(c -> c.id().equals("S12"));
  }
}

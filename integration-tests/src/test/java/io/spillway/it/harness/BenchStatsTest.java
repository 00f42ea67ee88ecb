package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchStatsTest {

  @Test
  void ratio_isSpillwayOverStock() {
    assertThat(BenchStats.ratio(40_000, 41_000)).isCloseTo(1.025, within(1e-12));
    assertThat(BenchStats.ratio(40_000, 38_000)).isCloseTo(0.95, within(1e-12));
  }

  @Test
  void ratio_nonPositiveTime_isRejected() {
    assertThatThrownBy(() -> BenchStats.ratio(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BenchStats.ratio(10, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void median_oddCount_isTheMiddleValueWhateverTheOrder() {
    assertThat(BenchStats.median(List.of(1.30, 0.99, 1.01, 0.50, 1.02))).isEqualTo(1.01);
  }

  @Test
  void median_evenCount_isTheMeanOfTheTwoMiddleValues() {
    assertThat(BenchStats.median(List.of(1.04, 1.00, 0.90, 1.02))).isCloseTo(1.01, within(1e-12));
  }

  @Test
  void median_oneValue_isThatValue() {
    assertThat(BenchStats.median(List.of(1.5))).isEqualTo(1.5);
  }

  @Test
  void median_empty_isRejected() {
    assertThatThrownBy(() -> BenchStats.median(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void medianMillis_roundsTheMeanOfTheMiddlePair() {
    assertThat(BenchStats.medianMillis(List.of(1_000L, 2_001L))).isEqualTo(1_501L);
  }
}

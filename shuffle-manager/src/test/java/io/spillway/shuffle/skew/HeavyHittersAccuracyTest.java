package io.spillway.shuffle.skew;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Space-Saving's guarantees against exact counts, on deterministic key distributions. */
class HeavyHittersAccuracyTest {

  private static final int RECORDS = 100_000;

  @ParameterizedTest(name = "exponent {0}")
  @ValueSource(doubles = {0.6, 1.0, 1.3, 2.0})
  void update_zipf_guaranteesHoldAndMostFrequentKeyIsFirst(double exponent) {
    HeavyHitters sketch = new HeavyHitters(64);
    ExactCounts exact = new ExactCounts().feed(sketch, KeyStreams.zipf(RECORDS, 20_000, exponent, 42));

    exact.assertGuarantees(sketch);
    if (exponent >= 1.0) { // key 0 then leads key 1 by far more than N/k
      assertThat(sketch.top(1).get(0).key()).isEqualTo(0);
      assertThat(sketch.top(1).get(0).guaranteedHeavy()).isTrue();
    }
  }

  @Test
  void update_oneKeyWithHalfTheRecords_foundFirstFlaggedHeavyWithItsShare() {
    HeavyHitters sketch = new HeavyHitters(32);
    ExactCounts exact = new ExactCounts().feed(sketch, KeyStreams.oneHot(RECORDS, 0, 0.5, 10_000, 7));

    exact.assertGuarantees(sketch);
    List<HeavyHitter> top = sketch.top(3);
    HeavyHitter hot = top.get(0);
    assertThat(hot.key()).isEqualTo(0);
    assertThat(hot.guaranteedHeavy()).isTrue();
    double trueShare = (double) exact.count(0) / RECORDS;
    assertThat(trueShare).isBetween(0.49, 0.51);
    assertThat(hot.recordShareRatio()).isBetween(trueShare, trueShare + 1.0 / 32);
    assertThat(top.subList(1, 3)).noneMatch(HeavyHitter::guaranteedHeavy);
  }

  @ParameterizedTest(name = "{0} keys")
  @ValueSource(ints = {150, 10_000})
  void update_uniform_noKeyGuaranteedHeavyAtOnePercent(int universe) {
    HeavyHitters sketch = new HeavyHitters(64);
    ExactCounts exact = new ExactCounts().feed(sketch, KeyStreams.uniform(RECORDS, universe, 3));

    exact.assertGuarantees(sketch);
    assertThat(sketch.size()).isEqualTo(64);
    assertThat(sketch.top(64, 0.01)).hasSize(64).noneMatch(HeavyHitter::guaranteedHeavy);
  }

  @Test
  void update_hotKeyArrivesLast_monitoredWithBoundedErrorAndFirst() {
    HeavyHitters sketch = new HeavyHitters(64);
    ExactCounts exact = new ExactCounts().feed(sketch, KeyStreams.hotKeyLast(20_000, 0, 500));

    exact.assertGuarantees(sketch);
    HeavyHitter hot = sketch.top(1).get(0);
    assertThat(hot.key()).isEqualTo(0);
    assertThat(hot.guaranteedCount()).isEqualTo(500);
    assertThat(hot.error()).isPositive().isLessThanOrEqualTo(20_500 / 64);
    assertThat(hot.guaranteedHeavy()).isTrue();
  }

  @Test
  void update_runsInAscendingFrequency_guaranteesHold() {
    HeavyHitters sketch = new HeavyHitters(20);
    ExactCounts exact = new ExactCounts().feed(sketch, KeyStreams.ascendingRuns(200));

    exact.assertGuarantees(sketch);
    assertThat(sketch.top(1).get(0).key()).isEqualTo(200);
  }

  @Test
  void update_capacityOne_guaranteesHold() {
    HeavyHitters sketch = new HeavyHitters(1);
    ExactCounts exact = new ExactCounts().feed(sketch, KeyStreams.oneHot(5_000, 0, 0.7, 50, 11));

    exact.assertGuarantees(sketch);
    assertThat(sketch.size()).isEqualTo(1);
  }
}

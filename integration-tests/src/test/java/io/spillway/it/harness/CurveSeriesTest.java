package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurveSeriesTest {

  private static final String[] MEMORIES = {"2g", "1g", "512m", "384m", "256m"};

  static RunRecord run(String mode, Outcome outcome, long wallMillis) {
    String detail = switch (outcome) {
      case OOM -> "2 executors lost, exit 52";
      case TIMEOUT -> "killed at 5 min";
      default -> "";
    };
    return new RunRecord("S1", "groupByKey with one hot key", mode, outcome, detail, wallMillis, 0, "42",
        outcome == Outcome.WRONG ? "41" : "42", "", "runs/x/S1-" + mode, EventLogMetrics.NONE);
  }

  static CurvePoint point(String memory, String mode, Outcome outcome, long wallMillis) {
    return new CurvePoint(memory, MemorySize.parseMiB(memory), run(mode, outcome, wallMillis));
  }

  /** A series over the curve's five default memories: {@code outcomes[i]} and {@code millis[i]} at {@code MEMORIES[i]}. */
  static CurveSeries series(String mode, Outcome[] outcomes, long[] millis) {
    List<CurvePoint> points = new ArrayList<>();
    for (int i = 0; i < MEMORIES.length; i++) {
      points.add(point(MEMORIES[i], mode, outcomes[i], millis[i]));
    }
    return new CurveSeries("S1", "groupByKey with one hot key", mode, points);
  }

  private static final Outcome[] ALL_OK = {Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK};

  @Test
  void ratio_allCorrect_isSmallestOverLargestAndMeetsTheBound() {
    CurveSeries s = series("spillway", ALL_OK, new long[] {20_000, 21_000, 24_000, 30_000, 50_000});

    assertThat(s.ratio()).isCloseTo(2.5, within(1e-12));
    assertThat(s.meets(3.0)).isTrue();
    assertThat(s.verdict(3.0)).isEqualTo("ok: 2.50× ≤ 3×");
  }

  @Test
  void meets_exactlyAtTheBound_passes() {
    CurveSeries s = series("spillway", ALL_OK, new long[] {20_000, 21_000, 24_000, 30_000, 60_000});

    assertThat(s.meets(3.0)).isTrue();
  }

  @Test
  void verdict_aboveTheBound_saysSoWithTheRatio() {
    CurveSeries s = series("spillway", ALL_OK, new long[] {20_000, 21_000, 24_000, 30_000, 70_000});

    assertThat(s.meets(3.0)).isFalse();
    assertThat(s.verdict(3.0)).isEqualTo("above the bound: 3.50× > 3×");
    assertThat(s.verdict(2.5)).isEqualTo("above the bound: 3.50× > 2.5×");
  }

  @Test
  void verdict_smallestFailed_hasNoRatioAndNamesTheFailure() {
    CurveSeries s = series("stock", new Outcome[] {Outcome.OK, Outcome.OK, Outcome.OOM, Outcome.OOM, Outcome.OOM},
        new long[] {20_000, 22_000, 30_000, 31_000, 15_000});

    assertThat(s.ratio()).isNull();
    assertThat(s.meets(3.0)).isFalse();
    assertThat(s.verdict(3.0)).isEqualTo("FAILED: 512m ended OOM (2 executors lost, exit 52); 3 of 5 runs failed");
  }

  @Test
  void meets_aFailureInTheMiddle_failsEvenWithBothEndsWithinTheBound() {
    CurveSeries s = series("spillway", new Outcome[] {Outcome.OK, Outcome.OK, Outcome.OK, Outcome.WRONG, Outcome.OK},
        new long[] {20_000, 21_000, 24_000, 30_000, 40_000});

    assertThat(s.ratio()).isCloseTo(2.0, within(1e-12));
    assertThat(s.allOk()).isFalse();
    assertThat(s.meets(3.0)).isFalse();
    assertThat(s.verdict(3.0)).isEqualTo("FAILED: 384m ended wrong result");
  }

  @Test
  void ratio_largestFailedOrTookNoTime_isNull() {
    CurveSeries failed = series("spillway",
        new Outcome[] {Outcome.TIMEOUT, Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK},
        new long[] {300_000, 21_000, 24_000, 30_000, 40_000});
    CurveSeries zero = series("spillway", ALL_OK, new long[] {0, 21_000, 24_000, 30_000, 40_000});

    assertThat(failed.ratio()).isNull();
    assertThat(failed.verdict(3.0)).isEqualTo("FAILED: 2g ended timeout (killed at 5 min)");
    assertThat(zero.ratio()).isNull();
    assertThat(zero.meets(3.0)).isFalse();
    assertThat(zero.verdict(3.0)).isEqualTo("no ratio: the run at 2g took no measurable time");
  }

  @Test
  void constructor_pointsInAnyOrder_areSortedLargestMemoryFirst() {
    CurveSeries s = new CurveSeries("S1", "t", "spillway", List.of(point("256m", "spillway", Outcome.OK, 40_000),
        point("2g", "spillway", Outcome.OK, 10_000), point("512m", "spillway", Outcome.OK, 20_000)));

    assertThat(s.points()).extracting(CurvePoint::memory).containsExactly("2g", "512m", "256m");
    assertThat(s.largest().memory()).isEqualTo("2g");
    assertThat(s.smallest().memory()).isEqualTo("256m");
    assertThat(s.ratio()).isCloseTo(4.0, within(1e-12));
  }

  @Test
  void constructor_noPoints_isRefused() {
    assertThatThrownBy(() -> new CurveSeries("S1", "t", "stock", List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("S1 stock");
  }
}

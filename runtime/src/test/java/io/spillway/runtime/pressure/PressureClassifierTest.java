package io.spillway.runtime.pressure;

import static io.spillway.runtime.pressure.PressureLevel.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PressureClassifierTest {

  private static final long DWELL_NANOS = PressureSettings.defaults().minDwellNanos();
  private final PressureClassifier classifier = new PressureClassifier(PressureSettings.defaults());

  private static PressureSignals occupancy(double ratio) {
    return new PressureSignals(ratio, 0.0, 0);
  }

  @Test
  void next_risesImmediatelyToHighestEnteredLevel() {
    assertThat(classifier.next(NORMAL, 0, occupancy(0.91), 1)).isEqualTo(CRITICAL);
    assertThat(classifier.next(NORMAL, 0, occupancy(0.80), 1)).isEqualTo(HIGH);
    assertThat(classifier.next(NORMAL, 0, occupancy(0.70), 1)).isEqualTo(ELEVATED);
    assertThat(classifier.next(NORMAL, 0, occupancy(0.69), 1)).isEqualTo(NORMAL);
  }

  @Test
  void next_betweenExitAndEnterThreshold_keepsCurrentLevel() {
    // 0.65 is above ELEVATED's exit (0.60) but below its enter (0.70)
    assertThat(classifier.next(ELEVATED, 0, occupancy(0.65), DWELL_NANOS * 10)).isEqualTo(ELEVATED);
    assertThat(classifier.next(NORMAL, 0, occupancy(0.65), DWELL_NANOS * 10)).isEqualTo(NORMAL);
  }

  @Test
  void next_fallingBeforeMinDwell_holdsLevel() {
    assertThat(classifier.next(HIGH, 0, occupancy(0.10), DWELL_NANOS - 1)).isEqualTo(HIGH);
    assertThat(classifier.next(HIGH, 0, occupancy(0.10), DWELL_NANOS)).isEqualTo(NORMAL);
  }

  @Test
  void next_fallingMayStopAtIntermediateLevel() {
    // below HIGH's exit (0.72), above ELEVATED's exit (0.60)
    assertThat(classifier.next(CRITICAL, 0, occupancy(0.65), DWELL_NANOS)).isEqualTo(ELEVATED);
  }

  @Test
  void next_gcTimeShareOnHalfFullHeap_raisesLevel() {
    PressureSignals thrashing = new PressureSignals(0.50, 0.55, 0);
    assertThat(classifier.next(NORMAL, 0, thrashing, 1)).isEqualTo(CRITICAL);
  }

  @Test
  void next_gcTimeShareBelowHalfFullHeap_neverLeavesNormal() {
    PressureSignals busyButRoomy = new PressureSignals(0.49, 0.95, 0);
    assertThat(classifier.next(NORMAL, 0, busyButRoomy, 1)).isEqualTo(NORMAL);
  }

  @Test
  void next_gcTimeShareStopsHoldingWhenOccupancyFallsBelowHalf() {
    // entered CRITICAL thrashing on a half-full heap; a collection then left it a third full
    assertThat(classifier.next(CRITICAL, 0, new PressureSignals(0.33, 0.55, 0), DWELL_NANOS)).isEqualTo(NORMAL);
  }

  @Test
  void next_worstSignalWins() {
    PressureSignals mixed = new PressureSignals(0.75, 0.30, 0);
    assertThat(classifier.next(NORMAL, 0, mixed, 1)).isEqualTo(HIGH);
  }

  @Test
  void next_ineffectiveFullGcsRaiseLevelByCount() {
    assertThat(classifier.next(NORMAL, 0, new PressureSignals(0.5, 0.0, 1), 1)).isEqualTo(HIGH);
    assertThat(classifier.next(NORMAL, 0, new PressureSignals(0.5, 0.0, 2), 1)).isEqualTo(CRITICAL);
  }

  @Test
  void next_defaultDwellIsTwoSeconds() {
    assertThat(DWELL_NANOS).isEqualTo(TimeUnit.SECONDS.toNanos(2));
  }
}

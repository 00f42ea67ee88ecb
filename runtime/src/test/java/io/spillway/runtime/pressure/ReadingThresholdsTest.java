package io.spillway.runtime.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadingThresholdsTest {

  private final ReadingThresholds thresholds = new ReadingThresholds(0.9, 0.7, 0.8);

  @Test
  void nextAbove_armsTheFirstBandAboveTheLatestFigure() {
    assertThat(thresholds.nextAbove(0.0)).hasValue(0.7);
    assertThat(thresholds.nextAbove(0.7)).hasValue(0.8);
    assertThat(thresholds.nextAbove(0.85)).hasValue(0.9);
  }

  @Test
  void nextAbove_pastTheLastBand_isEmpty() {
    assertThat(thresholds.nextAbove(0.9)).isEmpty();
    assertThat(thresholds.nextThresholdBytes(0.95, 1_000)).isZero();
  }

  @Test
  void nextThresholdBytes_roundsUpToTheBand() {
    assertThat(thresholds.nextThresholdBytes(0.1, 1_000)).isEqualTo(700);
    assertThat(thresholds.nextThresholdBytes(0.75, 999)).isEqualTo(800);
  }
}

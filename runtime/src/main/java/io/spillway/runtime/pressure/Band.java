package io.spillway.runtime.pressure;

/**
 * One level's thresholds for one signal: the level is entered at {@code enterRatio} or above and held
 * while the signal stays at {@code exitRatio} or above. The gap between the two is the hysteresis that
 * keeps a signal hovering at a threshold from flapping the level.
 */
public record Band(double enterRatio, double exitRatio) {

  public Band {
    if (!(exitRatio < enterRatio)) {
      throw new IllegalArgumentException("exit ratio " + exitRatio + " must be below enter ratio " + enterRatio);
    }
  }
}

package io.spillway.runtime.pressure;

/**
 * The three bands (ELEVATED, HIGH, CRITICAL) of one ratio signal, e.g. old-gen occupancy. Answers the
 * two questions the classifier asks of a signal value: which level does it <em>enter</em>, and which
 * level does it still <em>hold</em>.
 */
public record SignalBands(Band elevated, Band high, Band critical) {

  public SignalBands {
    if (!(elevated.enterRatio() < high.enterRatio() && high.enterRatio() < critical.enterRatio())) {
      throw new IllegalArgumentException("enter ratios must rise with the level: " + elevated + " " + high + " " + critical);
    }
    if (!(elevated.exitRatio() < high.exitRatio() && high.exitRatio() < critical.exitRatio())) {
      throw new IllegalArgumentException("exit ratios must rise with the level: " + elevated + " " + high + " " + critical);
    }
  }

  /** The three enter ratios, lowest first. */
  public double[] enterRatios() {
    return new double[] {elevated.enterRatio(), high.enterRatio(), critical.enterRatio()};
  }

  /** The highest level whose enter ratio {@code value} reaches, NORMAL if none. */
  public PressureLevel entered(double value) {
    if (value >= critical.enterRatio()) {
      return PressureLevel.CRITICAL;
    }
    if (value >= high.enterRatio()) {
      return PressureLevel.HIGH;
    }
    return value >= elevated.enterRatio() ? PressureLevel.ELEVATED : PressureLevel.NORMAL;
  }

  /** The highest level whose exit ratio {@code value} still reaches, NORMAL if none. */
  public PressureLevel held(double value) {
    if (value >= critical.exitRatio()) {
      return PressureLevel.CRITICAL;
    }
    if (value >= high.exitRatio()) {
      return PressureLevel.HIGH;
    }
    return value >= elevated.exitRatio() ? PressureLevel.ELEVATED : PressureLevel.NORMAL;
  }
}

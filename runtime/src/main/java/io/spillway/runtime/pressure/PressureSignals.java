package io.spillway.runtime.pressure;

/**
 * The three measurements a level is derived from, at one instant.
 *
 * @param oldGenOccupancyRatio old-generation used/max after the latest collection, in [0, 1]
 * @param gcTimeRatio share of the window's wall time spent in GC pauses, in [0, 1]
 * @param ineffectiveFullGcs consecutive full GCs within the window that freed little
 */
public record PressureSignals(double oldGenOccupancyRatio, double gcTimeRatio, int ineffectiveFullGcs) {

  /** No collection seen yet. */
  public static final PressureSignals NONE = new PressureSignals(0.0, 0.0, 0);
}

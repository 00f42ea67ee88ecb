package io.spillway.runtime.pressure;

/**
 * The measurements a level is derived from, at one instant.
 *
 * @param oldGenOccupancyRatio old-generation used/max after the latest collection (or a fresher reading), in [0, 1]
 * @param gcTimeRatio share of the window's wall time spent in GC pauses, in [0, 1]
 * @param ineffectiveFullGcs consecutive full GCs within the window that freed little
 * @param settledOccupancyRatio the lowest old-generation occupancy after a collection within the window: what
 *     stays after every collection, so garbage not yet collected from the old generation does not count
 */
public record PressureSignals(double oldGenOccupancyRatio, double gcTimeRatio, int ineffectiveFullGcs,
    double settledOccupancyRatio) {

  /** No collection seen yet. */
  public static final PressureSignals NONE = new PressureSignals(0.0, 0.0, 0);

  /** Signals whose settled occupancy is the latest one (a single collection, tests). */
  public PressureSignals(double oldGenOccupancyRatio, double gcTimeRatio, int ineffectiveFullGcs) {
    this(oldGenOccupancyRatio, gcTimeRatio, ineffectiveFullGcs, oldGenOccupancyRatio);
  }
}

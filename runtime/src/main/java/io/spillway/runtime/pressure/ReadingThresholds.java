package io.spillway.runtime.pressure;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Where the old generation's usage threshold goes next, so that a heap filling between two collections is
 * read as it crosses each occupancy band, not only at the next collection.
 *
 * <p>Why: G1 allocates arrays of half a region or more (the multi-MiB records and buffers that end in an
 * OutOfMemoryError) straight into the old generation, so a small heap can take a large share of them before
 * its first collection. A JVM usage threshold fires once when the pool's usage crosses it, from
 * the allocation itself; re-armed at the next band each time, it gives one fresh reading per band crossed.
 * After a collection the threshold goes back to the first band above what that collection left, since
 * usage between collections also counts garbage and the collection's figure is the honest one.
 */
final class ReadingThresholds {

  private final double[] ascendingRatios;

  /** @param bandRatios the occupancy enter ratios (ELEVATED, HIGH, CRITICAL), in any order */
  ReadingThresholds(double... bandRatios) {
    this.ascendingRatios = bandRatios.clone();
    Arrays.sort(ascendingRatios);
  }

  /** The first band ratio strictly above {@code occupancyRatio}; empty above the last band (nothing to arm). */
  OptionalDouble nextAbove(double occupancyRatio) {
    for (double r : ascendingRatios) {
      if (r > occupancyRatio) {
        return OptionalDouble.of(r);
      }
    }
    return OptionalDouble.empty();
  }

  /** The threshold in bytes for a pool of {@code maxBytes}; 0 (disarmed) when no band lies above. */
  long nextThresholdBytes(double occupancyRatio, long maxBytes) {
    OptionalDouble next = nextAbove(occupancyRatio);
    return next.isPresent() ? Math.max(1L, (long) Math.ceil(next.getAsDouble() * maxBytes)) : 0L;
  }
}

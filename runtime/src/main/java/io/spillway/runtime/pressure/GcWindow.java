package io.spillway.runtime.pressure;

import java.util.ArrayDeque;

/**
 * Sliding-window bookkeeping over GC events: the share of wall time spent in pauses, the run of
 * ineffective full GCs, and the latest old-gen occupancy. Not thread-safe; {@link PressureMonitor}
 * guards it.
 *
 * <p>How the GC-time share is computed: each pause is the interval {@code [end - duration, end]};
 * the share is the total overlap of those intervals with {@code [now - window, now]}, divided by the
 * window. Clipping at the window start matters for long pauses: a 30 s full GC that ended 5 s ago
 * counts 5 s of a 10 s window, not 30 s. Concurrent cycles are not pauses and are not counted.
 *
 * <p>Occupancy: the old generation's usage after the latest collection, raised (never lowered) by
 * {@linkplain GcKind#OCCUPANCY_READING readings} taken between collections; the next collection's figure
 * replaces both, since it is the one that excludes what was garbage. The settled occupancy is the lowest
 * figure a collection left within the window: after a young collection the old generation still holds what
 * died there since the last mixed or full collection, so one figure can overstate the live heap; the
 * lowest over the window does not.
 */
final class GcWindow {

  private final long windowNanos;
  private final IneffectiveGcRule ineffectiveRule;
  /** Pairs {endNanos, durationNanos} of pauses, oldest first. */
  private final ArrayDeque<long[]> pauses = new ArrayDeque<>();
  /** Pairs {endNanos, occupancy as raw long bits} of collections, oldest first: the settled occupancy's source. */
  private final ArrayDeque<long[]> occupancies = new ArrayDeque<>();
  /** End times of the current run of ineffective full GCs, oldest first; an effective one clears it. */
  private final ArrayDeque<Long> ineffectiveRunEndNanos = new ArrayDeque<>();
  private double oldGenOccupancyRatio;

  GcWindow(long windowNanos, IneffectiveGcRule ineffectiveRule) {
    this.windowNanos = windowNanos;
    this.ineffectiveRule = ineffectiveRule;
  }

  void record(GcEvent e) {
    if (e.kind() == GcKind.OCCUPANCY_READING) {
      oldGenOccupancyRatio = Math.max(oldGenOccupancyRatio, e.oldGenOccupancyRatio());
      return;
    }
    oldGenOccupancyRatio = e.oldGenOccupancyRatio();
    occupancies.addLast(new long[] {e.timestampNanos(), Double.doubleToRawLongBits(oldGenOccupancyRatio)});
    if (e.kind() != GcKind.CONCURRENT_CYCLE) {
      pauses.addLast(new long[] {e.timestampNanos(), e.durationNanos()});
    }
    if (e.kind() == GcKind.MAJOR) {
      if (ineffectiveRule.isIneffective(e)) {
        ineffectiveRunEndNanos.addLast(e.timestampNanos());
      } else {
        ineffectiveRunEndNanos.clear();
      }
    }
  }

  PressureSignals signals(long nowNanos) {
    long windowStart = nowNanos - windowNanos;
    while (!pauses.isEmpty() && pauses.peekFirst()[0] <= windowStart) {
      pauses.removeFirst();
    }
    while (!ineffectiveRunEndNanos.isEmpty() && ineffectiveRunEndNanos.peekFirst() <= windowStart) {
      ineffectiveRunEndNanos.removeFirst();
    }
    while (occupancies.size() > 1 && occupancies.peekFirst()[0] <= windowStart) {
      occupancies.removeFirst(); // the latest collection counts even when older than the window
    }
    double settled = oldGenOccupancyRatio;
    for (long[] o : occupancies) {
      settled = Math.min(settled, Double.longBitsToDouble(o[1]));
    }
    long inGcNanos = 0;
    for (long[] p : pauses) {
      long start = Math.max(p[0] - p[1], windowStart);
      long end = Math.min(p[0], nowNanos);
      inGcNanos += Math.max(0L, end - start);
    }
    double gcTimeRatio = Math.min(1.0, (double) inGcNanos / windowNanos);
    return new PressureSignals(oldGenOccupancyRatio, gcTimeRatio, ineffectiveRunEndNanos.size(), settled);
  }
}

package io.spillway.runtime.pressure;

/**
 * Pure function from (current level, how long it has held, signals) to the next level.
 *
 * <p>Rules, and why:
 * <ul>
 *   <li>Each signal votes for the highest level whose <em>enter</em> threshold it reaches; the worst
 *       vote wins. High occupancy with little GC time is a heap about to fill, and votes alone; a run of
 *       full collections that free little votes alone too.</li>
 *   <li>The GC-time share votes only while the old generation is at least
 *       {@link PressureSettings#gcTimeMinOccupancyRatio()} full (half, by default) after every collection of
 *       the window ({@link PressureSignals#settledOccupancyRatio()}: one young collection's figure still
 *       counts old garbage). Pressure means the heap is running out: a CPU-bound job allocating short-lived
 *       objects can spend a quarter of its time in young collections with the old generation a fifth full,
 *       and acting on that only costs time (the measurements are in {@code docs/pressure-control.md}). GC
 *       time on a half-full heap is the other way a heap runs out: thrashing, each collection finding
 *       little.</li>
 *   <li>Rising is immediate: a late reaction to pressure is an OutOfMemoryError.</li>
 *   <li>Falling uses the lower <em>exit</em> thresholds (hysteresis) and only after the level has
 *       held for the minimum dwell: a signal hovering at a threshold must not flap the level, since
 *       every change is sent to the driver and may resize buffers.</li>
 *   <li>Falling may skip levels: if every signal is below ELEVATED's exit threshold, the level drops
 *       straight to NORMAL.</li>
 * </ul>
 */
final class PressureClassifier {

  private final PressureSettings settings;

  PressureClassifier(PressureSettings settings) {
    this.settings = settings;
  }

  PressureLevel next(PressureLevel current, long levelSinceNanos, PressureSignals s, long nowNanos) {
    boolean gcTimeCounts = s.settledOccupancyRatio() >= settings.gcTimeMinOccupancyRatio();
    PressureLevel entered = PressureLevel.max(
        PressureLevel.max(settings.occupancy().entered(s.oldGenOccupancyRatio()),
            gcTimeCounts ? settings.gcTime().entered(s.gcTimeRatio()) : PressureLevel.NORMAL),
        settings.ineffectiveGc().level(s.ineffectiveFullGcs()));
    if (entered.compareTo(current) > 0) {
      return entered;
    }
    PressureLevel held = PressureLevel.max(
        PressureLevel.max(settings.occupancy().held(s.oldGenOccupancyRatio()),
            gcTimeCounts ? settings.gcTime().held(s.gcTimeRatio()) : PressureLevel.NORMAL),
        settings.ineffectiveGc().level(s.ineffectiveFullGcs()));
    PressureLevel candidate = PressureLevel.max(entered, PressureLevel.min(current, held));
    if (candidate.compareTo(current) < 0 && nowNanos - levelSinceNanos < settings.minDwellNanos()) {
      return current;
    }
    return candidate;
  }
}

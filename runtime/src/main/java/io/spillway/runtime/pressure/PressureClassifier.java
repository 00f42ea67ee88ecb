package io.spillway.runtime.pressure;

/**
 * Pure function from (current level, how long it has held, signals) to the next level.
 *
 * <p>Rules, and why:
 * <ul>
 *   <li>Each signal votes for the highest level whose <em>enter</em> threshold it reaches; the worst
 *       vote wins. Any one signal is enough: high occupancy with little GC time is a heap about to
 *       fill; a high GC-time share at modest occupancy is a heap thrashing on short-lived data.</li>
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
    PressureLevel entered = PressureLevel.max(
        PressureLevel.max(settings.occupancy().entered(s.oldGenOccupancyRatio()), settings.gcTime().entered(s.gcTimeRatio())),
        settings.ineffectiveGc().level(s.ineffectiveFullGcs()));
    if (entered.compareTo(current) > 0) {
      return entered;
    }
    PressureLevel held = PressureLevel.max(
        PressureLevel.max(settings.occupancy().held(s.oldGenOccupancyRatio()), settings.gcTime().held(s.gcTimeRatio())),
        settings.ineffectiveGc().level(s.ineffectiveFullGcs()));
    PressureLevel candidate = PressureLevel.max(entered, PressureLevel.min(current, held));
    if (candidate.compareTo(current) < 0 && nowNanos - levelSinceNanos < settings.minDwellNanos()) {
      return current;
    }
    return candidate;
  }
}

package io.spillway.runtime.pressure;

import java.util.Objects;

/**
 * The monitor's current verdict: a level, since when, and the signals behind it. Immutable, so readers
 * on task threads get a consistent view without locking.
 *
 * @param level the current level
 * @param levelSinceNanos when the level was entered, on the monitor's clock
 * @param signals the measurements the level was last evaluated from
 */
public record PressureSnapshot(PressureLevel level, long levelSinceNanos, PressureSignals signals) {

  /** What readers see when no monitor runs (plugin absent or disabled): NORMAL, no signals. */
  public static final PressureSnapshot IDLE = new PressureSnapshot(PressureLevel.NORMAL, 0L, PressureSignals.NONE);

  public PressureSnapshot {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(signals, "signals");
  }
}

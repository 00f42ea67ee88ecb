package io.spillway.runtime.control;

import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.Optional;

/**
 * Publishes the level at which shuffle reads should lower their fetch limits; the shuffle manager's
 * pressure-aware {@code FetchLimitsPolicy} reads {@link #level()} (through {@code SpillwayRuntime}) at
 * each {@code read()} and applies the factors and floors documented there and in
 * {@code docs/pressure-control.md}. Reads already fetching keep their limits; the next read uses the new ones.
 *
 * <p>Why an action and not a direct read of the monitor: the throttle then has the same switch,
 * metric and event as every other action, and the reader sees exactly the level the event reported.
 * State gauge: the throttle level's ordinal (0 = not throttling).
 */
public final class FetchThrottle implements PressureAction {

  private volatile PressureLevel level = PressureLevel.NORMAL;

  @Override
  public String name() {
    return "fetchThrottle";
  }

  /** The level reads are throttled for; NORMAL means Spark's configured limits. */
  public PressureLevel level() {
    return level;
  }

  @Override
  public Optional<ActionStep> onLevel(PressureLevel next, PressureSnapshot snapshot) {
    PressureLevel before = level;
    if (next == before) {
      return Optional.empty();
    }
    level = next;
    if (next.compareTo(before) > 0) {
      return Optional.of(ActionStep.engaged("shuffle reads from now on use the " + next + " fetch limits (were " + before + ")"));
    }
    return Optional.of(ActionStep.undone(next == PressureLevel.NORMAL
        ? "shuffle reads from now on use Spark's configured fetch limits"
        : "shuffle reads from now on use the " + next + " fetch limits (were " + before + ")"));
  }

  @Override
  public long state() {
    return level.ordinal();
  }
}

package io.spillway.runtime.pressure;

/**
 * How close the executor heap is to an OutOfMemoryError, coarsest first. Ordered: a higher
 * {@link #ordinal()} is more pressure, so callers can write {@code level.atLeast(HIGH)}.
 */
public enum PressureLevel {
  /** The heap has room; nothing to do. */
  NORMAL,
  /** The old generation is filling or GC is taking a noticeable share of time: prefer spilling early. */
  ELEVATED,
  /** Little head-room: shrink buffers and fetches. */
  HIGH,
  /** Collections no longer free memory or GC dominates: an OutOfMemoryError is near. */
  CRITICAL;

  /**
   * Whether this level is {@code other} or above. By ordinal, not {@code compareTo}: it is read for every record
   * a task writes or reads (checkpoints), where {@code Enum.compareTo}'s class checks showed in profiles.
   */
  public boolean atLeast(PressureLevel other) {
    return ordinal() >= other.ordinal();
  }

  /** The higher of the two levels. */
  public static PressureLevel max(PressureLevel a, PressureLevel b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The lower of the two levels. */
  public static PressureLevel min(PressureLevel a, PressureLevel b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}

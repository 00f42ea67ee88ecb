package io.spillway.runtime.pressure;

import java.util.concurrent.TimeUnit;

/** Readable {@link GcEvent} factories for scripted sequences: a 1000-byte heap, old gen max 800 bytes. */
public final class GcEvents {

  public static final long HEAP_MAX_BYTES = 1000;
  public static final long OLD_MAX_BYTES = 800;

  private GcEvents() {}

  /** A young pause ending at {@code endMillis} leaving the old gen at {@code oldGenRatio}. */
  public static GcEvent minor(long endMillis, long pauseMillis, double oldGenRatio) {
    long old = Math.round(oldGenRatio * OLD_MAX_BYTES);
    return new GcEvent(TimeUnit.MILLISECONDS.toNanos(endMillis), "Test Young", GcKind.MINOR,
        TimeUnit.MILLISECONDS.toNanos(pauseMillis), old, OLD_MAX_BYTES, Math.min(HEAP_MAX_BYTES, old + 150), old + 10, HEAP_MAX_BYTES);
  }

  /** A reading between collections: the old generation's usage crossed a threshold at {@code oldGenRatio}. */
  public static GcEvent reading(long atMillis, double oldGenRatio) {
    long old = Math.round(oldGenRatio * OLD_MAX_BYTES);
    long heap = Math.min(HEAP_MAX_BYTES, old + 100);
    return new GcEvent(TimeUnit.MILLISECONDS.toNanos(atMillis), "usage threshold", GcKind.OCCUPANCY_READING, 0L, old,
        OLD_MAX_BYTES, heap, heap, HEAP_MAX_BYTES);
  }

  /** A full collection taking the heap from {@code heapBeforeRatio} to {@code heapAfterRatio} of max. */
  public static GcEvent full(long endMillis, long pauseMillis, double heapBeforeRatio, double heapAfterRatio) {
    long after = Math.round(heapAfterRatio * HEAP_MAX_BYTES);
    return new GcEvent(TimeUnit.MILLISECONDS.toNanos(endMillis), "Test Old", GcKind.MAJOR,
        TimeUnit.MILLISECONDS.toNanos(pauseMillis), Math.min(after, OLD_MAX_BYTES), OLD_MAX_BYTES,
        Math.round(heapBeforeRatio * HEAP_MAX_BYTES), after, HEAP_MAX_BYTES);
  }
}

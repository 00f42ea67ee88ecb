package io.spillway.runtime.pressure;

import java.util.Objects;

/**
 * One finished garbage collection, reduced to the figures the monitor classifies. Produced by a
 * {@link GcSignalSource}: the JMX one in production, a scripted one in tests.
 *
 * @param timestampNanos when the collection ended, on the monitor's {@link NanoClock}
 * @param gcName the collector bean's name, e.g. {@code "G1 Young Generation"} (for logs only)
 * @param kind minor, major or concurrent cycle
 * @param durationNanos how long the collection took
 * @param oldGenUsedAfterBytes bytes used in the tenured pool(s) after the collection
 * @param oldGenMaxBytes maximum size of the tenured pool(s); always positive
 * @param heapUsedBeforeBytes bytes used in all heap pools before the collection
 * @param heapUsedAfterBytes bytes used in all heap pools after the collection
 * @param heapMaxBytes the maximum heap size; always positive
 */
public record GcEvent(
    long timestampNanos,
    String gcName,
    GcKind kind,
    long durationNanos,
    long oldGenUsedAfterBytes,
    long oldGenMaxBytes,
    long heapUsedBeforeBytes,
    long heapUsedAfterBytes,
    long heapMaxBytes) {

  public GcEvent {
    Objects.requireNonNull(gcName, "gcName");
    Objects.requireNonNull(kind, "kind");
    if (durationNanos < 0 || oldGenUsedAfterBytes < 0 || heapUsedBeforeBytes < 0 || heapUsedAfterBytes < 0) {
      throw new IllegalArgumentException("negative figure in GC event of " + gcName + ": duration "
          + durationNanos + " ns, old gen used " + oldGenUsedAfterBytes + " B, heap before "
          + heapUsedBeforeBytes + " B, after " + heapUsedAfterBytes + " B");
    }
    if (oldGenMaxBytes <= 0 || heapMaxBytes <= 0) {
      throw new IllegalArgumentException("GC event of " + gcName + " needs positive maxima: old gen max "
          + oldGenMaxBytes + " B, heap max " + heapMaxBytes + " B");
    }
  }

  /** Old-generation used-after / max, in [0, 1] (clamped: pools may briefly exceed their max). */
  public double oldGenOccupancyRatio() {
    return Math.min(1.0, (double) oldGenUsedAfterBytes / oldGenMaxBytes);
  }

  /** Heap used-after / max heap, in [0, 1]. */
  public double heapOccupancyAfterRatio() {
    return Math.min(1.0, (double) heapUsedAfterBytes / heapMaxBytes);
  }

  /** Bytes freed by this collection as a share of the max heap (0 when the heap grew). */
  public double freedHeapRatio() {
    return Math.max(0L, heapUsedBeforeBytes - heapUsedAfterBytes) / (double) heapMaxBytes;
  }
}

package io.spillway.runtime.pressure;

import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reduces one GC notification's per-pool memory maps to a {@link GcEvent}. Separate from
 * {@link JmxGcSignalSource} so the arithmetic is tested with hand-made maps.
 */
final class GcEventMapper {

  private final Set<String> tenuredPools;
  private final Set<String> heapPools;
  private final long heapMaxBytes;

  GcEventMapper(Set<String> tenuredPools, Set<String> heapPools, long heapMaxBytes) {
    if (tenuredPools.isEmpty() || heapMaxBytes <= 0) {
      throw new IllegalArgumentException("need tenured pools (got " + tenuredPools + ") and a positive heap max (got " + heapMaxBytes + " B)");
    }
    this.tenuredPools = Set.copyOf(tenuredPools);
    this.heapPools = Set.copyOf(heapPools);
    this.heapMaxBytes = heapMaxBytes;
  }

  /**
   * The event for a collection that ended at {@code endNanos}. A tenured pool without a defined max
   * (reported as -1) is sized at the max heap, which is what G1's old gen may grow to.
   */
  GcEvent toEvent(long endNanos, String gcName, String gcAction, long durationMillis,
      Map<String, MemoryUsage> before, Map<String, MemoryUsage> after) {
    long oldUsed = 0;
    long oldMax = 0;
    for (String pool : tenuredPools) {
      MemoryUsage u = after.get(pool);
      if (u != null) {
        oldUsed += u.getUsed();
        oldMax += u.getMax() > 0 ? u.getMax() : heapMaxBytes;
      }
    }
    if (oldMax == 0) {
      oldMax = heapMaxBytes;
    }
    return new GcEvent(
        endNanos,
        gcName,
        GcKind.fromGcAction(gcAction),
        TimeUnit.MILLISECONDS.toNanos(Math.max(0L, durationMillis)),
        oldUsed,
        oldMax,
        heapUsed(before),
        heapUsed(after),
        heapMaxBytes);
  }

  private long heapUsed(Map<String, MemoryUsage> usage) {
    long sum = 0;
    for (String pool : heapPools) {
      MemoryUsage u = usage.get(pool);
      if (u != null) {
        sum += u.getUsed();
      }
    }
    return sum;
  }
}

package io.spillway.runtime.pressure;

/**
 * When full collections count as "freeing little", and how many in a row mean HIGH or CRITICAL. A run
 * of full GCs that reclaim almost nothing is the classic prelude to "GC overhead limit exceeded" /
 * OutOfMemoryError, and it can happen while the GC-time share still looks moderate.
 *
 * @param freedBelowRatio a MAJOR collection freeing less than this share of the max heap is ineffective
 * @param minHeapOccupancyRatio ...but only when the heap after it is at least this full: a full GC of a
 *     nearly empty heap (e.g. an explicit {@code System.gc()}) frees little and means nothing
 * @param countForHigh consecutive ineffective full GCs within the window that mean HIGH
 * @param countForCritical consecutive ineffective full GCs within the window that mean CRITICAL
 */
public record IneffectiveGcRule(double freedBelowRatio, double minHeapOccupancyRatio, int countForHigh, int countForCritical) {

  public IneffectiveGcRule {
    if (countForHigh < 1 || countForCritical < countForHigh) {
      throw new IllegalArgumentException("need 1 <= countForHigh (" + countForHigh + ") <= countForCritical (" + countForCritical + ")");
    }
  }

  /** Whether {@code e} is a full collection that freed too little on a full-enough heap. */
  public boolean isIneffective(GcEvent e) {
    return e.kind() == GcKind.MAJOR
        && e.freedHeapRatio() < freedBelowRatio
        && e.heapOccupancyAfterRatio() >= minHeapOccupancyRatio;
  }

  /** The level that {@code consecutiveIneffective} full GCs within the window imply. */
  public PressureLevel level(int consecutiveIneffective) {
    if (consecutiveIneffective >= countForCritical) {
      return PressureLevel.CRITICAL;
    }
    return consecutiveIneffective >= countForHigh ? PressureLevel.HIGH : PressureLevel.NORMAL;
  }
}

package io.spillway.it.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The driver's heap at the end of a run, read in the driver itself while its SparkContext (and every listener it
 * holds) is still up: what {@code spillway ui-cost} compares with the Spillway tab on and off.
 *
 * <p>Why a full collection and the heap's {@code used} rather than the event log's sampled {@code JVMHeapMemory}:
 * heap in use at a sampling instant is mostly garbage not yet collected, so it moves with the collector's timing;
 * after {@code System.gc()} (a stop-the-world full collection on G1 and Parallel GC, the driver's collectors here)
 * what is used is what is reachable, which is what a listener's retained summary adds. The same figure as the
 * total of {@code jcmd <pid> GC.class_histogram} (which also collects first), without attaching to the process.
 *
 * @param liveBytes heap used after two full collections (the second catches what the first only made
 *     unreachable: finalizable and softly reachable objects)
 * @param peakBytes the sum of the heap pools' peak usage since the JVM started: an upper bound of the heap's peak
 *     (pools peak at different times), independent of any sampling
 */
record DriverHeap(long liveBytes, long peakBytes) {

  /** Collects and measures this JVM's heap. */
  static DriverHeap measure() {
    System.gc();
    System.gc();
    long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return new DriverHeap(live, peak);
  }
}

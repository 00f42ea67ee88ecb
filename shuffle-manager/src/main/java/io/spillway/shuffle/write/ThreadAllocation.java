package io.spillway.shuffle.write;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The current thread's allocated-bytes counter of HotSpot ({@code com.sun.management.ThreadMXBean}),
 * which counts TLAB and direct heap allocations of the calling thread, monotonic over its life.
 */
final class ThreadAllocation {

  private ThreadAllocation() {}

  /**
   * The counter of whichever thread calls it, or empty when this JVM does not provide one or has it
   * switched off ({@code -XX:-ThreadAllocatedMemory...}, or a non-HotSpot VM).
   */
  static Optional<LongSupplier> currentThreadCounter() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (bean instanceof com.sun.management.ThreadMXBean hotspot && hotspot.isThreadAllocatedMemorySupported()
        && hotspot.isThreadAllocatedMemoryEnabled()) {
      return Optional.of(hotspot::getCurrentThreadAllocatedBytes);
    }
    return Optional.empty();
  }
}

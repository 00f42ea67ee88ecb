package io.spillway.runtime.pressure;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Old-generation bytes in use right after the latest collection of each tenured pool: the best cheap
 * lower bound of the live heap, since anything still there after a GC was reachable. Reads JMX beans
 * only (no allocation beyond a loop), so it is safe on Spark's unmanaged-memory poller thread.
 */
public final class OldGenUsage {

  private final List<MemoryPoolMXBean> tenured;

  private OldGenUsage(List<MemoryPoolMXBean> tenured) {
    this.tenured = tenured;
  }

  /** This JVM's tenured pools, chosen as the monitor chooses them ({@link TenuredPools}). */
  public static OldGenUsage ofThisJvm() {
    List<MemoryPoolMXBean> beans = ManagementFactory.getMemoryPoolMXBeans();
    Set<String> names = TenuredPools.select(TenuredPools.ofThisJvm(beans));
    List<MemoryPoolMXBean> chosen = new ArrayList<>();
    for (MemoryPoolMXBean b : beans) {
      if (names.contains(b.getName())) {
        chosen.add(b);
      }
    }
    return new OldGenUsage(List.copyOf(chosen));
  }

  /** Sum over tenured pools of bytes used after their last collection; 0 before any collection. */
  public long usedAfterLastGcBytes() {
    long sum = 0;
    for (MemoryPoolMXBean b : tenured) {
      MemoryUsage u = b.getCollectionUsage();
      if (u != null) {
        sum += u.getUsed();
      }
    }
    return sum;
  }
}

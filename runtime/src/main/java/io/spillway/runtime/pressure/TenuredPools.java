package io.spillway.runtime.pressure;

import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Picks the tenured (old-generation) heap pools without relying on collector-specific names.
 *
 * <p>How: HotSpot supports usage thresholds only on pools whose usage is meaningful between
 * collections; the eden and survivor spaces (emptied by every young GC) do not support them. So the
 * heap pools that do are the tenured ones: "G1 Old Gen", "PS Old Gen", "Tenured Gen", and a
 * single-pool collector's whole heap. Names containing "old" or "tenured" are only a fallback for a
 * JVM that reports no threshold support at all.
 */
final class TenuredPools {

  /** The pool facts the choice depends on; a record so the choice is testable without a JVM pool. */
  record Pool(String name, MemoryType type, boolean usageThresholdSupported) {
    static Pool of(MemoryPoolMXBean b) {
      return new Pool(b.getName(), b.getType(), b.isUsageThresholdSupported());
    }
  }

  private TenuredPools() {}

  /** Names of the tenured heap pools among {@code pools}; never empty if any heap pool exists. */
  static Set<String> select(List<Pool> pools) {
    Set<String> byThreshold = new LinkedHashSet<>();
    Set<String> byName = new LinkedHashSet<>();
    Set<String> heap = new LinkedHashSet<>();
    for (Pool p : pools) {
      if (p.type() != MemoryType.HEAP) {
        continue;
      }
      heap.add(p.name());
      if (p.usageThresholdSupported()) {
        byThreshold.add(p.name());
      }
      String n = p.name().toLowerCase(Locale.ROOT);
      if (n.contains("old") || n.contains("tenured")) {
        byName.add(p.name());
      }
    }
    if (!byThreshold.isEmpty()) {
      return byThreshold;
    }
    return byName.isEmpty() ? heap : byName;
  }

  /** Names of all heap pools among {@code pools}. */
  static Set<String> heap(List<Pool> pools) {
    Set<String> heap = new LinkedHashSet<>();
    for (Pool p : pools) {
      if (p.type() == MemoryType.HEAP) {
        heap.add(p.name());
      }
    }
    return heap;
  }

  static List<Pool> ofThisJvm(List<MemoryPoolMXBean> beans) {
    List<Pool> out = new ArrayList<>();
    for (MemoryPoolMXBean b : beans) {
      out.add(Pool.of(b));
    }
    return out;
  }
}

package io.spillway.it.harness;

import java.util.Locale;

/** Executor memory sizes as Spark writes them ({@code 512m}, {@code 2g}), in MiB. */
final class MemorySize {

  private MemorySize() {}

  /** {@code 512m} → 512, {@code 2g} → 2048, {@code 384} → 384 (MiB, as spark.executor.memory reads it). */
  static int parseMiB(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    long mib;
    if (v.endsWith("g") || v.endsWith("gb")) {
      mib = Long.parseLong(v.replaceAll("gb?$", "")) * 1024;
    } else if (v.endsWith("m") || v.endsWith("mb")) {
      mib = Long.parseLong(v.replaceAll("mb?$", ""));
    } else {
      mib = Long.parseLong(v);
    }
    if (mib < 64 || mib > 1 << 20) {
      throw new IllegalArgumentException("executor memory must be between 64m and 1024g, got " + s);
    }
    return (int) mib;
  }
}

package io.spillway.runtime.compat;

import org.apache.spark.network.util.JavaUtils;

/**
 * Spark's parsers of sizes and durations ({@code 64m}, {@code 10s}), so {@code spark.spillway.*} values read
 * exactly like Spark's own. {@code JavaUtils} carries no API marker; the two methods are the same on 4.0.4,
 * 4.1.3 and 4.2.0.
 */
public final class ConfigUnitsCompat {

  private ConfigUnitsCompat() {}

  /** Bytes in a size written the Spark way ({@code 64m}, {@code 1g}, {@code 512k}, plain bytes). */
  public static long bytes(String size) {
    return JavaUtils.byteStringAsBytes(size);
  }

  /** Milliseconds in a duration written the Spark way ({@code 500ms}, {@code 10s}, {@code 2min}; plain is ms). */
  public static long millis(String duration) {
    return JavaUtils.timeStringAsMs(duration);
  }
}

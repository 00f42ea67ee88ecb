package io.spillway.runtime.control;

import java.util.Locale;

/** Renders byte counts for event details and logs. */
final class Bytes {

  private Bytes() {}

  /** {@code 33554432} → {@code "32.0 MiB"}; below 1 MiB exact bytes ({@code "250 bytes"}), so small amounts do not read as zero. */
  static String mib(long bytes) {
    if (Math.abs(bytes) < 1024L * 1024) {
      return bytes + " bytes";
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}

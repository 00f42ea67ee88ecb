package io.spillway.shuffle;

import io.spillway.runtime.pressure.PressureLevel;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;

/**
 * Lowers a read's fetch limits while the executor is under heap pressure, so that fewer fetched bytes sit
 * on the heap at once and large remote blocks stream to disk instead of memory.
 *
 * <p>The level comes from the control loop's fetch throttle ({@code SpillwayRuntime::fetchThrottleLevel}),
 * read once per {@code read()}; a read already fetching keeps its limits. At NORMAL the configured limits
 * are returned unchanged (the same instance). Otherwise, from Spark's configured values:
 * <table>
 *   <caption>Fetch limits by level</caption>
 *   <tr><th>level</th><th>maxBytesInFlight, fetch-to-disk threshold</th><th>maxRequestsInFlight</th></tr>
 *   <tr><td>ELEVATED</td><td>× 1/2</td><td>at most 32</td></tr>
 *   <tr><td>HIGH</td><td>× 1/4</td><td>at most 8</td></tr>
 *   <tr><td>CRITICAL</td><td>× 1/8</td><td>at most 2</td></tr>
 * </table>
 * never below {@link #MIN_BYTES_IN_FLIGHT_BYTES}, {@link #MIN_FETCH_TO_DISK_THRESHOLD_BYTES} and one
 * request, and never above what is configured (a floor does not raise a smaller configured value).
 * Requests get caps rather than a factor because Spark's default is unlimited ({@code Int.MaxValue}),
 * which no factor brings down to something that matters.
 */
public final class PressureFetchLimitsPolicy implements FetchLimitsPolicy {

  /** Smallest bytes in flight a throttled read gets: below ~4 MiB each request (a fifth of it) gets tiny. */
  public static final long MIN_BYTES_IN_FLIGHT_BYTES = 4L << 20;
  /** Smallest fetch-to-disk threshold a throttled read gets: smaller blocks are cheaper in memory than on disk. */
  public static final long MIN_FETCH_TO_DISK_THRESHOLD_BYTES = 1L << 20;

  private final Supplier<PressureLevel> level;

  /** @param level the throttle level, read once per read; {@code SpillwayRuntime::fetchThrottleLevel} in production */
  public PressureFetchLimitsPolicy(Supplier<PressureLevel> level) {
    this.level = Objects.requireNonNull(level, "level");
  }

  /** The factor on bytes in flight and on the fetch-to-disk threshold at {@code level} (1 at NORMAL). */
  static double bytesFactor(PressureLevel level) {
    return switch (level) {
      case NORMAL -> 1.0;
      case ELEVATED -> 0.5;
      case HIGH -> 0.25;
      case CRITICAL -> 0.125;
    };
  }

  /** The cap on concurrent requests at {@code level} ({@code Integer.MAX_VALUE} at NORMAL: no cap). */
  static int requestsCap(PressureLevel level) {
    return switch (level) {
      case NORMAL -> Integer.MAX_VALUE;
      case ELEVATED -> 32;
      case HIGH -> 8;
      case CRITICAL -> 2;
    };
  }

  /** {@code configured × factor}, not below {@code floor}, and never above {@code configured}. */
  static long lower(long configured, double factor, long floor) {
    return Math.min(configured, Math.max(floor, (long) (configured * factor)));
  }

  @Override
  public FetchLimits limitsFor(ReadRange range, TaskContext task, FetchLimits configured) {
    PressureLevel now = level.get();
    if (now == PressureLevel.NORMAL) {
      return configured;
    }
    double f = bytesFactor(now);
    return configured.toBuilder()
        .maxBytesInFlight(lower(configured.maxBytesInFlight(), f, MIN_BYTES_IN_FLIGHT_BYTES))
        .fetchToDiskThresholdBytes(lower(configured.fetchToDiskThresholdBytes(), f, MIN_FETCH_TO_DISK_THRESHOLD_BYTES))
        .maxRequestsInFlight(Math.min(configured.maxRequestsInFlight(), requestsCap(now)))
        .build();
  }

  @Override
  public String toString() {
    return "PressureFetchLimitsPolicy";
  }
}

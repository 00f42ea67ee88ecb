package io.spillway.runtime.config;

/**
 * The settings of "after an out-of-memory failure the retry runs alone" ({@code spark.spillway.oomRetry.*}).
 * Declared here and registered with {@link SpillwayConf}, which validates, lists and documents every key.
 */
public final class OomRetryKeys {

  private static final String PREFIX = SpillwayConf.PREFIX;
  private static final KeyGroup KEYS = new KeyGroup();

  /** Whether a retry of a partition that ran out of memory runs alone on its executor (docs/oom-retry.md). */
  public static final ConfigEntry<Boolean> OOM_RETRY_ENABLED = KEYS.add(
      ConfigEntry.bool(PREFIX + "oomRetry.enabled", true)
          .doc("The driver records task attempts that ended in an out-of-memory failure (an OutOfMemoryError, or the "
              + "loss of their executor with exit code 52); a later attempt of such a partition runs alone on its "
              + "executor: no task starts beside it until it ends, and it waits (at most oomRetry.maxWaitAlone) for "
              + "the tasks already running. Independent of control.enabled and the pressure monitor.")
          .build());

  /** Longest a retry that should run alone waits for the tasks already running before it runs beside them. */
  public static final ConfigEntry<Long> OOM_RETRY_MAX_WAIT_ALONE_MILLIS = KEYS.add(
      ConfigEntry.durationMillis(PREFIX + "oomRetry.maxWaitAlone", 60_000L, 0L, 3_600_000L)
          .doc("Longest a retry that runs alone waits in onTaskStart for the tasks already running on its executor "
              + "to end; then it runs anyway (tasks starting later are still held until it ends).")
          .build());

  private OomRetryKeys() {}

  static KeyGroup keys() {
    return KEYS;
  }
}

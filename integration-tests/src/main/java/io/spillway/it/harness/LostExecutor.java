package io.spillway.it.harness;

/**
 * An executor the application lost, from a {@code SparkListenerExecutorRemoved} event.
 *
 * @param executorId Spark's executor id
 * @param reason     the event's "Removed Reason", e.g. {@code Command exited with code 52}
 * @param exitCode   the JVM exit code parsed from the reason, or {@link #UNKNOWN_EXIT_CODE}
 */
public record LostExecutor(String executorId, String reason, int exitCode) {

  /** Stands for "the reason names no exit code" (Spark's exit codes are never negative). */
  public static final int UNKNOWN_EXIT_CODE = -1;

  /** Spark's {@code SparkExitCode.OOM}: an executor's uncaught-exception handler saw an OutOfMemoryError. */
  public static final int OOM_EXIT_CODE = 52;

  private static final java.util.regex.Pattern EXIT_CODE =
      java.util.regex.Pattern.compile("exited with code (\\d+)");

  /** Reads the exit code out of Spark's removal reason ("Command exited with code 52"). */
  public static LostExecutor fromReason(String executorId, String reason) {
    java.util.regex.Matcher m = EXIT_CODE.matcher(reason);
    return new LostExecutor(executorId, reason, m.find() ? Integer.parseInt(m.group(1)) : UNKNOWN_EXIT_CODE);
  }
}

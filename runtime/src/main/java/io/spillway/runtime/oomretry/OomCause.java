package io.spillway.runtime.oomretry;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.TaskEndReason;

/**
 * Whether a task attempt's end, as the driver's listener bus reports it, was an out-of-memory failure, and
 * in what words.
 *
 * <p>Two signals, as Spark 4.1 reports them:
 * <ul>
 *   <li>{@link ExceptionFailure} whose class is an {@code OutOfMemoryError} ({@code java.lang.OutOfMemoryError},
 *       or Spark's {@code SparkOutOfMemoryError} for a managed-memory refusal): the task threw it and the
 *       executor's status update reached the driver before the executor's uncaught-exception handler ended
 *       the JVM.</li>
 *   <li>{@link ExecutorLostFailure} with {@code exitCausedByApp} (the task was running, not launching) whose
 *       loss reason names exit code 52 ({@code SparkExitCode.OOM}). The reason is the executor-loss message:
 *       standalone waits for the worker's exit status and says "Command exited with code 52"; YARN says
 *       "Exit status: 52"; Kubernetes "exited with exit code 52"; a loss built from the code alone says
 *       "OutOfMemoryError" ({@code ExecutorExitCode.explainExitCode}). Every task running on the executor
 *       gets this end, the one that ran out and the ones beside it: Spark cannot tell them apart, and
 *       neither can we, so each counts.</li>
 *   <li>{@link ExecutorLostFailure} with {@code exitCausedByApp}, whatever its reason, from an executor whose
 *       last heap-pressure level reported to the driver was CRITICAL. A heap that runs out slowly does not
 *       always end in exit code 52: a JVM stuck in back-to-back full collections misses its heartbeats and is
 *       removed as "Executor heartbeat timed out", and standalone reports "Remote RPC client disassociated"
 *       when the worker's exit status arrives too late (both seen on seed-style runs). Spillway's pressure
 *       monitor saw the heap full before either.</li>
 * </ul>
 * {@code onExecutorRemoved} carries the same reason text as these task ends (both are
 * {@code ExecutorLossReason.toString}), so the task end is the one place to look.
 */
public final class OomCause {

  /** "exited with code 52", "exit code 52", "Exit status: 52", not "exit code 520". */
  private static final Pattern EXIT_52 = Pattern.compile("(?i)exit(?:ed)?[a-z ]{0,16}(?:code|status)[: ]{0,3}52(?!\\d)");

  private static final String OOM_CLASS = "OutOfMemoryError";

  private OomCause() {}

  /**
   * The cause in words when {@code reason} is an out-of-memory failure; empty otherwise.
   *
   * @param criticalAtLoss whether an executor id's last reported heap pressure was CRITICAL
   */
  public static Optional<String> of(TaskEndReason reason, Predicate<String> criticalAtLoss) {
    Optional<String> named = of(reason);
    if (named.isPresent() || !(reason instanceof ExecutorLostFailure lost) || !lost.exitCausedByApp()
        || !criticalAtLoss.test(lost.execId())) {
      return named;
    }
    return Optional.of("executor " + lost.execId() + " lost while it ran at CRITICAL heap pressure: "
        + (lost.reason().isDefined() ? lost.reason().get() : "no reason given"));
  }

  /** The cause in words when {@code reason} names an out-of-memory failure itself; empty otherwise. */
  public static Optional<String> of(TaskEndReason reason) {
    if (reason instanceof ExceptionFailure f) {
      if (f.className() != null && f.className().endsWith(OOM_CLASS)) {
        return Optional.of(f.className() + (f.description() == null ? "" : ": " + f.description()));
      }
      return Optional.empty();
    }
    if (reason instanceof ExecutorLostFailure lost && lost.exitCausedByApp() && lost.reason().isDefined()) {
      String why = lost.reason().get();
      if (EXIT_52.matcher(why).find() || why.contains(OOM_CLASS)) {
        return Optional.of("executor " + lost.execId() + " lost while it ran: " + why);
      }
    }
    return Optional.empty();
  }
}

package io.spillway.runtime.oomretry;

import java.io.Serializable;
import java.util.Objects;

/**
 * Executor → driver question ({@code PluginContext.ask}, bounded), sent from {@code onTaskFailed} when a task
 * threw a JVM {@code OutOfMemoryError}: Spark will report the failure right after and then end the executor
 * (its uncaught-exception handler exits with code 52). Asked before the failure is reported so that the
 * driver records the attempt and takes the executor out of the scheduler's offers before the scheduler
 * hands the retry to the exiting executor, which would reject it ({@code RejectedExecutionException},
 * counted as another failure of the partition). The answer is {@code Boolean.TRUE} once done.
 *
 * @param attempt the attempt that threw
 */
public record ExecutorRunningOut(OomAttempt attempt) implements Serializable {

  private static final long serialVersionUID = 1L;

  public ExecutorRunningOut {
    Objects.requireNonNull(attempt, "attempt");
  }
}

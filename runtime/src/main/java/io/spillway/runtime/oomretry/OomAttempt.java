package io.spillway.runtime.oomretry;

import java.io.Serializable;
import java.util.Objects;

/**
 * One task attempt that ended in an out-of-memory failure, as the driver recorded it.
 *
 * @param stageId      the stage
 * @param stageAttempt the stage attempt it ran in
 * @param partitionId  the RDD partition it computed
 * @param attemptNumber the task's attempt number within its stage attempt
 * @param taskId       Spark's task attempt id
 * @param executorId   where it ran
 * @param cause        {@link OomCause}'s words
 */
public record OomAttempt(int stageId, int stageAttempt, int partitionId, int attemptNumber, long taskId,
    String executorId, String cause) implements Serializable {

  private static final long serialVersionUID = 1L;

  public OomAttempt {
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(cause, "cause");
  }

  /** E.g. {@code "task 12 (stage 3.0, partition 5, attempt 0) on executor 1: java.lang.OutOfMemoryError: ..."}. */
  public String describe() {
    return "task " + taskId + " (stage " + stageId + "." + stageAttempt + ", partition " + partitionId + ", attempt "
        + attemptNumber + ") on executor " + executorId + ": " + cause;
  }
}

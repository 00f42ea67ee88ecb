package io.spillway.runtime.oomretry;

import java.io.Serializable;
import java.util.Objects;

/**
 * Executor → driver message ({@code PluginContext.send}) when a task that ran alone ended: which task, why it
 * ran alone, how long it waited and how long it held others back. The driver logs it, counts it and posts it
 * as an {@link ExclusiveRetryEvent}. A Jackson bean inside that event: renaming a component changes the event
 * log's format.
 *
 * @param executorId         where it ran
 * @param stageId            its stage
 * @param stageAttempt       its stage attempt
 * @param partitionId        its partition
 * @param attemptNumber      its attempt number
 * @param taskId             its task attempt id
 * @param priorOoms          out-of-memory attempts of the partition before it
 * @param cause              the latest of them, in words
 * @param queuedMillis       time queued behind other tasks that ran alone
 * @param waitedMillis       time waiting, as owner, for tasks already running to end
 * @param runningAtOwnership tasks running when it became the owner
 * @param startedAlone       false when the bounded wait ran out with tasks still running
 * @param heldTasks          tasks held from starting while it owned the executor
 * @param heldMillis         their time held, summed
 * @param ownedMillis        from becoming the owner to its end
 * @param succeeded          whether the task succeeded
 * @param timestampMillis    the executor's wall clock at its end
 */
public record ExclusiveRetryReport(String executorId, int stageId, int stageAttempt, int partitionId, int attemptNumber,
    long taskId, int priorOoms, String cause, long queuedMillis, long waitedMillis, int runningAtOwnership,
    boolean startedAlone, int heldTasks, long heldMillis, long ownedMillis, boolean succeeded, long timestampMillis)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public ExclusiveRetryReport {
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(cause, "cause");
  }

  /** One line for logs: task, why, waits, outcome. */
  public String describe() {
    return "task " + taskId + " (stage " + stageId + "." + stageAttempt + ", partition " + partitionId + ", attempt "
        + attemptNumber + ") ran alone on executor " + executorId + " after " + priorOoms + " out-of-memory attempt(s) ["
        + cause + "]: queued " + queuedMillis + " ms, waited " + waitedMillis + " ms for " + runningAtOwnership
        + " running task(s) (" + (startedAlone ? "started alone" : "wait bound reached, started beside them")
        + "), held " + heldTasks + " task(s) for " + heldMillis + " ms in all, ran " + ownedMillis + " ms, "
        + (succeeded ? "succeeded" : "failed");
  }
}

package io.spillway.runtime.oomretry;

import java.io.Serializable;
import java.util.Objects;

/**
 * Executor → driver question, asked ({@code PluginContext.ask}) at the start of a task attempt that is not
 * the first of its partition: did an earlier attempt of this partition run out of memory?
 *
 * @param executorId    the asking executor
 * @param stageId       the task's stage
 * @param stageAttempt  its stage attempt
 * @param partitionId   its partition
 * @param attemptNumber its attempt number
 * @param taskId        its task attempt id (the driver answers only once its listener has seen this task start)
 */
public record RetryQuery(String executorId, int stageId, int stageAttempt, int partitionId, int attemptNumber,
    long taskId) implements Serializable {

  private static final long serialVersionUID = 1L;

  public RetryQuery {
    Objects.requireNonNull(executorId, "executorId");
  }
}

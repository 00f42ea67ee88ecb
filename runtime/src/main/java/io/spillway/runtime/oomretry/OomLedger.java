package io.spillway.runtime.oomretry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver's record of task attempts that ran out of memory, by stage and partition, and the answer to
 * an executor asking whether a starting attempt's partition did.
 *
 * <h2>Why the answer can wait for the listener</h2>
 * The record is fed by a listener, and Spark's listener bus is asynchronous: a retry can reach an executor
 * before the listener has seen its predecessor's failure. Spark keeps an order that closes this gap: the
 * scheduler hands a failed attempt's end to the DAG scheduler's event loop before the partition is pending
 * again, and a retry's start goes through the same loop after it, and each queue of the bus delivers in
 * order. So once the listener has seen a task start whose id is at least the asking attempt's (task ids
 * grow in launch order), it has seen every failure that happened before that attempt launched;
 * until then the answer is {@link RetryAnswer#NOT_SEEN_YET}.
 *
 * <p>Kept only while useful: a stage that completes successfully forgets its partitions (a later attempt of
 * it would be a new job's recomputation, with its own record). Thread-safe.
 */
public final class OomLedger {

  private record StagePartition(int stageId, int partitionId) {}

  private final Map<StagePartition, List<OomAttempt>> byPartition = new HashMap<>();
  private long latestStartedTaskId = -1;
  private long recorded;

  /** The listener saw a task attempt start. */
  public synchronized void taskStarted(long taskId) {
    latestStartedTaskId = Math.max(latestStartedTaskId, taskId);
  }

  /**
   * Records an attempt that ran out of memory; false if that task attempt was recorded already (an executor
   * reports a thrown {@code OutOfMemoryError} itself, then the listener sees the failure).
   */
  public synchronized boolean record(OomAttempt attempt) {
    List<OomAttempt> ooms = byPartition.computeIfAbsent(new StagePartition(attempt.stageId(), attempt.partitionId()),
        k -> new ArrayList<>());
    if (ooms.stream().anyMatch(o -> o.taskId() == attempt.taskId())) {
      return false;
    }
    ooms.add(attempt);
    latestStartedTaskId = Math.max(latestStartedTaskId, attempt.taskId());
    recorded++;
    return true;
  }

  /** A stage completed successfully: its partitions need no more care. */
  public synchronized void stageSucceeded(int stageId) {
    byPartition.keySet().removeIf(k -> k.stageId() == stageId);
  }

  /** What the driver knows about {@code query}'s partition; see the class doc for {@code NOT_SEEN_YET}. */
  public synchronized RetryAnswer answer(RetryQuery query) {
    if (query.taskId() > latestStartedTaskId) {
      return RetryAnswer.NOT_SEEN_YET;
    }
    List<OomAttempt> ooms = byPartition.get(new StagePartition(query.stageId(), query.partitionId()));
    if (ooms == null || ooms.isEmpty()) {
      return RetryAnswer.NO_OOM;
    }
    return new RetryAnswer(RetryAnswer.Verdict.RAN_OUT_BEFORE, ooms.size(), ooms.get(ooms.size() - 1).describe());
  }

  /** Out-of-memory attempts recorded for a partition so far (kept until its stage succeeds). */
  public synchronized List<OomAttempt> attempts(int stageId, int partitionId) {
    return List.copyOf(byPartition.getOrDefault(new StagePartition(stageId, partitionId), List.of()));
  }

  /** Out-of-memory attempts recorded since the start. */
  public synchronized long recorded() {
    return recorded;
  }
}

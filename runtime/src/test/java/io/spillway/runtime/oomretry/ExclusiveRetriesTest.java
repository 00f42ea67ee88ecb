package io.spillway.runtime.oomretry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.junit.jupiter.api.Test;

/**
 * The executor's decisions at task start: who asks the driver, what each answer leads to, what is reported at
 * the end. The driver is a queue of scripted answers; tasks are Spark's own {@code TaskContextImpl}.
 */
class ExclusiveRetriesTest {

  private static final RetryAnswer RAN_OUT = new RetryAnswer(RetryAnswer.Verdict.RAN_OUT_BEFORE, 1,
      "task 10 (stage 4.0, partition 3, attempt 0) on executor 1: java.lang.OutOfMemoryError: Java heap space");

  private final List<Object> asked = new CopyOnWriteArrayList<>();
  private final Queue<Object> answers = new ArrayDeque<>();
  private final List<Object> sent = new CopyOnWriteArrayList<>();
  private final ExclusiveStartGate gate = new ExclusiveStartGate(TimeUnit.SECONDS.toNanos(60),
      TimeUnit.MILLISECONDS.toNanos(5), System::nanoTime);
  private final ExclusiveRetries retries = new ExclusiveRetries("2", message -> {
    asked.add(message);
    synchronized (answers) {
      return answers.isEmpty() ? RetryAnswer.NO_OOM : answers.poll();
    }
  }, sent::add, gate, () -> 1_234L);
  private final UnifiedMemoryManager mm = new UnifiedMemoryManager(new SparkConf(false), 1000, 0, 1);

  private TaskContextImpl task(long taskId, int partition, int attempt, int stageAttempt) {
    return new TaskContextImpl(4, stageAttempt, partition, taskId, attempt, 8, new TaskMemoryManager(mm, taskId),
        new Properties(), null, TaskMetrics.empty(), 1, scala.collection.immutable.Map$.MODULE$.empty());
  }

  private void answer(Object... scripted) {
    synchronized (answers) {
      answers.addAll(List.of(scripted));
    }
  }

  @Test
  void onTaskStart_firstAttemptOfFirstStageAttempt_neverAsksTheDriver() {
    retries.onTaskStart(task(1, 0, 0, 0));
    retries.onTaskEnd(true);

    assertThat(asked).isEmpty();
    assertThat(sent).isEmpty();
  }

  @Test
  void onTaskStart_retryOfAPartitionThatRanOut_runsAloneAndIsReportedAtItsEnd() {
    answer(RAN_OUT);
    TaskContextImpl retry = task(11, 3, 1, 0);

    retries.onTaskStart(retry);
    assertThat(gate.aloneTasks()).isEqualTo(1);
    retries.onTaskEnd(true);

    assertThat(asked).containsExactly(new RetryQuery("2", 4, 0, 3, 1, 11));
    assertThat(sent).singleElement().isInstanceOfSatisfying(ExclusiveRetryReport.class, r -> {
      assertThat(r.taskId()).isEqualTo(11);
      assertThat(r.partitionId()).isEqualTo(3);
      assertThat(r.attemptNumber()).isEqualTo(1);
      assertThat(r.priorOoms()).isEqualTo(1);
      assertThat(r.cause()).contains("Java heap space");
      assertThat(r.startedAlone()).isTrue();
      assertThat(r.succeeded()).isTrue();
      assertThat(r.timestampMillis()).isEqualTo(1_234L);
    });
    assertThat(gate.aloneTasks()).isZero();
  }

  @Test
  void onTaskStart_firstAttemptOfAResubmittedStage_asksToo() {
    // a lost executor took map output with it: the stage's next attempt starts its tasks at attempt 0 again
    answer(RAN_OUT);

    retries.onTaskStart(task(20, 3, 0, 1));

    assertThat(asked).containsExactly(new RetryQuery("2", 4, 1, 3, 0, 20));
    assertThat(gate.aloneTasks()).isEqualTo(1);
  }

  @Test
  void onTaskStart_driverHasNotSeenTheAttemptYet_asksAgain() {
    answer(RetryAnswer.NOT_SEEN_YET, RetryAnswer.NOT_SEEN_YET, RAN_OUT);

    retries.onTaskStart(task(11, 3, 1, 0));

    assertThat(asked).hasSize(3);
    assertThat(gate.aloneTasks()).isEqualTo(1);
  }

  @Test
  void onTaskStart_speculativeCopies_runAloneOnlyForAPartitionThatRanOut() {
    // a speculative copy is attempt 1 while attempt 0 still runs elsewhere: it asks like a retry
    answer(RetryAnswer.NO_OOM);
    TaskContextImpl copyOfHealthy = task(30, 5, 1, 0);
    retries.onTaskStart(copyOfHealthy);
    assertThat(gate.aloneTasks()).isZero();
    retries.onTaskEnd(true);

    answer(RAN_OUT);
    TaskContextImpl copyOfRanOut = task(31, 3, 2, 0);
    retries.onTaskStart(copyOfRanOut);
    assertThat(gate.aloneTasks()).isEqualTo(1);
    retries.onTaskEnd(false);

    assertThat(sent).singleElement().isInstanceOfSatisfying(ExclusiveRetryReport.class,
        r -> assertThat(r.succeeded()).isFalse());
  }

  @Test
  void onTaskStart_heldTaskKilledBecauseItsSpeculativeCopyWon_stopsWaiting() throws Exception {
    answer(RAN_OUT);
    TaskContextImpl alone = task(11, 3, 1, 0);
    retries.onTaskStart(alone);
    TaskContextImpl held = task(12, 4, 0, 0);
    CompletableFuture<Void> heldTask = CompletableFuture.runAsync(() -> {
      retries.onTaskStart(held);
      retries.onTaskEnd(false); // killed: it ends as soon as it starts
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (gate.held() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertThat(gate.held()).isEqualTo(1);

    held.markInterrupted("another attempt succeeded");

    heldTask.get(10, TimeUnit.SECONDS);
    retries.onTaskEnd(true);
    assertThat(sent).singleElement().isInstanceOfSatisfying(ExclusiveRetryReport.class,
        r -> assertThat(r.heldTasks()).isEqualTo(1));
  }

  @Test
  void onTaskFailed_jvmOutOfMemoryError_tellsTheDriverBeforeTheFailureIsReported() {
    TaskContextImpl t = task(10, 3, 0, 0);
    retries.onTaskStart(t);

    retries.onTaskFailed(SparkTaskEnds.threw("java.lang.OutOfMemoryError", "Java heap space"));

    assertThat(asked).singleElement().isEqualTo(new ExecutorRunningOut(
        new OomAttempt(4, 0, 3, 0, 10, "2", "java.lang.OutOfMemoryError: Java heap space")));
    assertThat(gate.running()).isZero();
  }

  @Test
  void onTaskFailed_sparkOutOfMemoryErrorOrOtherFailure_tellsNothing() {
    // SparkOutOfMemoryError fails the task only; the executor lives on
    retries.onTaskStart(task(10, 3, 0, 0));
    retries.onTaskFailed(SparkTaskEnds.threw("org.apache.spark.memory.SparkOutOfMemoryError", "Unable to acquire"));
    retries.onTaskStart(task(11, 4, 0, 0));
    retries.onTaskFailed(SparkTaskEnds.threw("java.io.IOException", "disk full"));

    assertThat(asked).isEmpty();
    assertThat(gate.running()).isZero();
  }

  @Test
  void onTaskStart_askFails_runsShared() {
    ExclusiveRetries failing = new ExclusiveRetries("2", message -> {
      throw new java.io.IOException("driver unreachable");
    }, sent::add, gate, () -> 0L);

    failing.onTaskStart(task(11, 3, 1, 0));

    assertThat(gate.aloneTasks()).isZero();
    assertThat(gate.running()).isEqualTo(1);
  }
}

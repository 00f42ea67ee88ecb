package io.spillway.runtime.oomretry;

import static io.spillway.runtime.oomretry.SparkTaskEnds.end;
import static io.spillway.runtime.oomretry.SparkTaskEnds.lost;
import static io.spillway.runtime.oomretry.SparkTaskEnds.start;
import static io.spillway.runtime.oomretry.SparkTaskEnds.threw;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.spillway.runtime.PressureLevelChangedEvent;
import io.spillway.runtime.pressure.PressureLevel;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.junit.jupiter.api.Test;

/** The driver's bookkeeping, fed the listener events Spark posts, and its answers to executors. */
class OomRecorderTest {

  private final List<SparkListenerEvent> posted = new ArrayList<>();
  private final List<String> stoppedOffering = new ArrayList<>();
  private final OomRecorder recorder = new OomRecorder(posted::add, stoppedOffering::add);

  private static RetryQuery retry(int stage, int partition, int attempt, long taskId) {
    return new RetryQuery("2", stage, 0, partition, attempt, taskId);
  }

  @Test
  void answer_afterTheTaskThrewOutOfMemoryError_ranOutBefore() {
    recorder.onTaskStart(start(4, 10, 3, 0));
    recorder.onTaskEnd(end(4, 10, 3, 0, threw("java.lang.OutOfMemoryError", "Java heap space")));
    recorder.onTaskStart(start(4, 11, 3, 1));

    RetryAnswer a = recorder.answer(retry(4, 3, 1, 11));

    assertThat(a.verdict()).isEqualTo(RetryAnswer.Verdict.RAN_OUT_BEFORE);
    assertThat(a.priorOoms()).isEqualTo(1);
    assertThat(a.cause()).contains("task 10 (stage 4.0, partition 3, attempt 0)").contains("Java heap space");
    assertThat(recorder.ledger().attempts(4, 3)).singleElement()
        .satisfies(o -> assertThat(o.executorId()).isEqualTo("1"));
  }

  @Test
  void answer_afterTheExecutorExitedWith52_ranOutBeforeForEveryTaskThatRanThere() {
    recorder.onTaskEnd(end(4, 10, 3, 0, lost("1", true, "Command exited with code 52")));
    recorder.onTaskEnd(end(4, 12, 5, 0, lost("1", true, "Command exited with code 52")));
    recorder.onTaskStart(start(4, 20, 3, 1));

    assertThat(recorder.answer(retry(4, 3, 1, 14)).verdict()).isEqualTo(RetryAnswer.Verdict.RAN_OUT_BEFORE);
    assertThat(recorder.answer(retry(4, 5, 1, 15)).verdict()).isEqualTo(RetryAnswer.Verdict.RAN_OUT_BEFORE);
    assertThat(recorder.answer(retry(4, 6, 1, 16)).verdict()).isEqualTo(RetryAnswer.Verdict.NO_OOM);
    assertThat(recorder.ledger().recorded()).isEqualTo(2);
  }

  @Test
  void answer_executorLostAfterItReportedCriticalPressure_ranOutBefore() {
    recorder.onOtherEvent(new PressureLevelChangedEvent("1", PressureLevel.HIGH, PressureLevel.CRITICAL, 5L, 0.95, 0.4));
    recorder.onOtherEvent(new PressureLevelChangedEvent("3", PressureLevel.CRITICAL, PressureLevel.HIGH, 6L, 0.8, 0.2));
    recorder.onTaskEnd(end(4, 10, 3, 0, lost("1", true, "Executor heartbeat timed out after 142367 ms")));
    recorder.onTaskEnd(SparkTaskEnds.endOn("3", 4, 11, 5, 0, lost("3", true, "Remote RPC client disassociated.")));
    recorder.onTaskStart(start(4, 20, 3, 1));

    assertThat(recorder.answer(retry(4, 3, 1, 20)).cause()).contains("at CRITICAL heap pressure");
    assertThat(recorder.answer(retry(4, 5, 1, 20))).as("executor 3 had left CRITICAL").isEqualTo(RetryAnswer.NO_OOM);
  }

  @Test
  void accept_executorRunningOut_recordsOnceAndStopsOfferingTheExecutor() {
    OomAttempt threw = new OomAttempt(4, 0, 3, 0, 10, "1", "java.lang.OutOfMemoryError: Java heap space");

    assertThat(recorder.accept(new ExecutorRunningOut(threw))).isTrue();
    // the listener sees the same failure later
    recorder.onTaskEnd(end(4, 10, 3, 0, threw("java.lang.OutOfMemoryError", "Java heap space")));

    assertThat(stoppedOffering).containsExactly("1");
    assertThat(recorder.ledger().attempts(4, 3)).hasSize(1);
    assertThat(recorder.ledger().recorded()).isEqualTo(1);
    assertThat(recorder.answer(retry(4, 3, 1, 10)).verdict())
        .as("known before the listener saw the retry start").isEqualTo(RetryAnswer.Verdict.RAN_OUT_BEFORE);
  }

  @Test
  void answer_secondOomOfAPartition_countsBoth() {
    recorder.onTaskEnd(end(4, 10, 3, 0, threw("java.lang.OutOfMemoryError", "Java heap space")));
    recorder.onTaskEnd(end(4, 11, 3, 1, lost("1", true, "Command exited with code 52")));
    recorder.onTaskStart(start(4, 12, 3, 2));

    RetryAnswer a = recorder.answer(retry(4, 3, 2, 12));

    assertThat(a.priorOoms()).isEqualTo(2);
    assertThat(a.cause()).contains("attempt 1").contains("exited with code 52");
  }

  @Test
  void answer_otherFailuresAndOtherStages_noOom() {
    recorder.onTaskEnd(end(4, 10, 3, 0, threw("java.io.IOException", "disk full")));
    recorder.onTaskEnd(end(5, 11, 3, 0, threw("java.lang.OutOfMemoryError", "Java heap space")));
    recorder.onTaskStart(start(4, 12, 3, 1));

    assertThat(recorder.answer(retry(4, 3, 1, 12))).isEqualTo(RetryAnswer.NO_OOM);
  }

  @Test
  void answer_beforeTheListenerSawTheAskingAttemptStart_notSeenYet() {
    // the failure of attempt 0 may still be queued on the listener bus behind this retry's own start
    recorder.onTaskStart(start(4, 10, 3, 0));

    assertThat(recorder.answer(retry(4, 3, 1, 11))).isEqualTo(RetryAnswer.NOT_SEEN_YET);

    recorder.onTaskEnd(end(4, 10, 3, 0, threw("java.lang.OutOfMemoryError", "Java heap space")));
    recorder.onTaskStart(start(4, 11, 3, 1));
    assertThat(recorder.answer(retry(4, 3, 1, 11)).verdict()).isEqualTo(RetryAnswer.Verdict.RAN_OUT_BEFORE);
  }

  @Test
  void onStageCompleted_successForgetsThePartitions_failureKeepsThem() {
    recorder.onTaskEnd(end(4, 10, 3, 0, threw("java.lang.OutOfMemoryError", "Java heap space")));
    recorder.onTaskEnd(end(5, 11, 3, 0, threw("java.lang.OutOfMemoryError", "Java heap space")));

    recorder.onStageCompleted(new SparkListenerStageCompleted(stage(4, null)));
    recorder.onStageCompleted(new SparkListenerStageCompleted(stage(5, "Job aborted")));

    assertThat(recorder.ledger().attempts(4, 3)).isEmpty();
    assertThat(recorder.ledger().attempts(5, 3)).hasSize(1);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static StageInfo stage(int id, String failureReason) {
    scala.collection.immutable.Seq empty = (scala.collection.immutable.Seq) scala.collection.immutable.Nil$.MODULE$;
    StageInfo info = new StageInfo(id, 0, "stage " + id, 8, empty, empty, "", null, empty, scala.Option.empty(), 0,
        false, 0);
    info.failureReason_$eq(scala.Option.apply(failureReason));
    return info;
  }

  @Test
  void accept_postsTheEventAndCountsTheRetryAndTheHeldTime() {
    MetricRegistry metrics = new MetricRegistry();
    recorder.registerMetrics(metrics);
    ExclusiveRetryReport report = new ExclusiveRetryReport("2", 4, 0, 3, 1, 11, 1, "java.lang.OutOfMemoryError", 0,
        1_500, 3, true, 2, 4_000, 9_000, true, 1_234);

    recorder.accept(report);

    assertThat(posted).containsExactly(new ExclusiveRetryEvent(report));
    assertThat(((Counter) metrics.getMetrics().get("oomRetry.aloneRetries")).getCount()).isEqualTo(1);
    assertThat(((Counter) metrics.getMetrics().get("oomRetry.heldTasks")).getCount()).isEqualTo(2);
    assertThat(((Counter) metrics.getMetrics().get("oomRetry.heldMillis")).getCount()).isEqualTo(4_000);
  }
}

package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutcomeClassifierTest {

  private static Optional<JsonNode> result(String status, String error) {
    ObjectNode r = new ObjectMapper().createObjectNode().put("status", status);
    if (!error.isEmpty()) {
      r.put("error", error);
    }
    return Optional.of(r);
  }

  private static EventLogMetrics lost(LostExecutor... executors) {
    return new EventLogMetrics("app", 4, 2, 1000, 10, 0, 0, Map.of(), 0, List.of(executors), 2, 0, 0, 1,
        "Job aborted", Map.of(), List.of(), 0, EventLogTimes.NONE);
  }

  private static RunEvidence ev(boolean timedOut, int exit, Optional<JsonNode> result, String log, EventLogMetrics m) {
    return new RunEvidence(timedOut, exit, result, log, m);
  }

  @Test
  void classify_resultOk_isOkEvenIfExecutorsWereLostOnTheWay() {
    RunEvidence e = ev(false, 0, result("ok", ""), "", lost(LostExecutor.fromReason("1", "Command exited with code 52")));
    assertThat(OutcomeClassifier.classify(e)).isEqualTo(Outcome.OK);
    assertThat(OutcomeClassifier.detail(Outcome.OK, e)).isEqualTo("1 executor lost, exit 52");
  }

  @Test
  void classify_errorWithExit52_isOomWithLostExecutors() {
    RunEvidence e = ev(false, 0, result("error", "Job aborted due to stage failure"), "",
        lost(LostExecutor.fromReason("0", "Command exited with code 52"),
            LostExecutor.fromReason("1", "Command exited with code 52")));
    assertThat(OutcomeClassifier.classify(e)).isEqualTo(Outcome.OOM);
    assertThat(OutcomeClassifier.detail(Outcome.OOM, e)).isEqualTo("2 executors lost, exit 52");
  }

  @Test
  void classify_errorMentioningOutOfMemoryError_isOom() {
    RunEvidence e = ev(false, 0, result("error", "Lost task 0.1: java.lang.OutOfMemoryError: Java heap space"), "",
        EventLogMetrics.NONE);
    assertThat(OutcomeClassifier.classify(e)).isEqualTo(Outcome.OOM);
    assertThat(OutcomeClassifier.detail(Outcome.OOM, e)).isEqualTo("driver OOM");
  }

  @Test
  void classify_driverDiedWithoutResultAndOomInItsLog_isOom() {
    RunEvidence e = ev(false, 1, Optional.empty(),
        "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n", EventLogMetrics.NONE);
    assertThat(OutcomeClassifier.classify(e)).isEqualTo(Outcome.OOM);
  }

  @Test
  void detail_executorLostFailuresWithoutRemovalEvent_areStillReported() {
    EventLogMetrics m = new EventLogMetrics("app", 3, 3, 900, 10, 0, 0, Map.of(), 0, List.of(), 3, 0, 0, 1,
        "Job aborted", Map.of(), List.of(), 0, EventLogTimes.NONE);
    RunEvidence e = ev(false, 0, result("error", "Job aborted"), "", m);
    assertThat(OutcomeClassifier.classify(e)).isEqualTo(Outcome.ERROR);
    assertThat(OutcomeClassifier.detail(Outcome.ERROR, e)).isEqualTo("3 task(s) lost with their executor");
  }

  @Test
  void classify_wrongAnswer_isWrong() {
    assertThat(OutcomeClassifier.classify(ev(false, 0, result("wrong", ""), "", EventLogMetrics.NONE)))
        .isEqualTo(Outcome.WRONG);
  }

  @Test
  void classify_errorWithExitCodeOtherThan52_isError() {
    RunEvidence e = ev(false, 0, result("error", "Job aborted"), "",
        lost(LostExecutor.fromReason("0", "Command exited with code 137")));
    assertThat(OutcomeClassifier.classify(e)).isEqualTo(Outcome.ERROR);
    assertThat(OutcomeClassifier.detail(Outcome.ERROR, e)).isEqualTo("1 executor lost, exit 137");
  }

  @Test
  void classify_driverCrashWithoutResultOrOom_isErrorWithItsExitCode() {
    RunEvidence e = ev(false, 1, Optional.empty(), "ClassNotFoundException: Foo", EventLogMetrics.NONE);
    assertThat(OutcomeClassifier.classify(e)).isEqualTo(Outcome.ERROR);
    assertThat(OutcomeClassifier.detail(Outcome.ERROR, e)).isEqualTo("driver exit 1");
  }

  @Test
  void classify_timedOut_winsOverEverything() {
    RunEvidence e = ev(true, -1, Optional.empty(), "java.lang.OutOfMemoryError", lost(
        LostExecutor.fromReason("0", "Command exited with code 52")));
    assertThat(OutcomeClassifier.classify(e)).isEqualTo(Outcome.TIMEOUT);
    assertThat(OutcomeClassifier.detail(Outcome.TIMEOUT, e)).isEqualTo("1 executor lost, exit 52");
  }

  @Test
  void classify_submittedAppExitingZero_isOk() {
    assertThat(OutcomeClassifier.classify(ev(false, 0, Optional.empty(), "", EventLogMetrics.NONE)))
        .isEqualTo(Outcome.OK);
  }
}

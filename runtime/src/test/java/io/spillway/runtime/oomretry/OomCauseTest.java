package io.spillway.runtime.oomretry;

import static io.spillway.runtime.oomretry.SparkTaskEnds.lost;
import static io.spillway.runtime.oomretry.SparkTaskEnds.threw;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Both out-of-memory signals as Spark 4.1 words them, and near misses that must not count. */
class OomCauseTest {

  @Test
  void of_taskThrewOutOfMemoryError_isOom() {
    assertThat(OomCause.of(threw("java.lang.OutOfMemoryError", "Java heap space")))
        .hasValue("java.lang.OutOfMemoryError: Java heap space");
  }

  @Test
  void of_sparkOutOfMemoryError_isOom() {
    assertThat(OomCause.of(threw("org.apache.spark.memory.SparkOutOfMemoryError", "Unable to acquire 64 bytes")))
        .isPresent();
  }

  @Test
  void of_otherException_isNotOom() {
    assertThat(OomCause.of(threw("java.lang.IllegalStateException", "OutOfMemoryError mentioned in text only")))
        .isEmpty();
  }

  @Test
  void of_executorExitedWithCode52_isOomForEveryTaskThatRanThere() {
    assertThat(OomCause.of(lost("3", true, "Command exited with code 52")))
        .hasValue("executor 3 lost while it ran: Command exited with code 52");
  }

  @Test
  void of_exit52AsYarnKubernetesAndExplainExitCodeSayIt_isOom() {
    assertThat(OomCause.of(lost("1", true, "Container marked as failed: container_1 on host: h. Exit status: 52. "
        + "Diagnostics: ..."))).isPresent();
    assertThat(OomCause.of(lost("1", true, "The executor with id 1 exited with exit code 52(OutOfMemoryError)")))
        .isPresent();
    assertThat(OomCause.of(lost("1", true, "OutOfMemoryError"))).isPresent();
  }

  @Test
  void of_otherExitCodes_areNotOom() {
    assertThat(OomCause.of(lost("1", true, "Command exited with code 143"))).isEmpty();
    assertThat(OomCause.of(lost("1", true, "Command exited with code 520"))).isEmpty();
    assertThat(OomCause.of(lost("1", true, "Remote RPC client disassociated. Likely due to containers exceeding "
        + "thresholds, or network issues."))).isEmpty();
  }

  @Test
  void of_taskStillLaunchingWhenItsExecutorDied_isNotOom() {
    // exitCausedByApp is false when the task had not started running (TaskSetManager.executorLost)
    assertThat(OomCause.of(lost("1", false, "Command exited with code 52"))).isEmpty();
  }

  @Test
  void of_success_isNotOom() {
    assertThat(OomCause.of(SparkTaskEnds.success())).isEmpty();
  }

  @Test
  void of_executorLostWithoutExitCodeAtCriticalPressure_isOom() {
    String heartbeat = "Executor heartbeat timed out after 142367 ms";

    assertThat(OomCause.of(lost("1", true, heartbeat), "1"::equals))
        .hasValue("executor 1 lost while it ran at CRITICAL heap pressure: " + heartbeat);
    assertThat(OomCause.of(lost("2", true, heartbeat), "1"::equals)).as("another executor").isEmpty();
    assertThat(OomCause.of(lost("1", false, heartbeat), "1"::equals)).as("task still launching").isEmpty();
    assertThat(OomCause.of(threw("java.io.IOException", "x"), "1"::equals)).isEmpty();
  }
}

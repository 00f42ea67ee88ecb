package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spillway.it.harness.PressureTimeline.Action;
import io.spillway.it.harness.PressureTimeline.Level;
import io.spillway.runtime.oomretry.ExclusiveRetryEvent;
import io.spillway.runtime.oomretry.ExclusiveRetryReport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.util.JsonProtocol;
import org.junit.jupiter.api.Test;

/** The report's section and timeline markers for retries that ran alone, from event log lines as Spark writes them. */
class ExclusiveRetryRowsTest {

  private static final ExclusiveRetryReport ALONE = new ExclusiveRetryReport("1", 0, 0, 5, 1, 12, 1,
      "task 5 (stage 0.0, partition 5, attempt 0) on executor 0: executor 0 lost while it ran: Command exited with "
          + "code 52", 800, 1_500, 3, true, 2, 4_200, 21_000, true, PressureTimelineTest.T0 + 25_000);

  private static RunRecord run(String mode, ExclusiveRetryReport... reports) throws Exception {
    StringBuilder log = new StringBuilder();
    for (ExclusiveRetryReport r : reports) {
      log.append(JsonProtocol.sparkEventToJsonString(new ExclusiveRetryEvent(r))).append('\n');
    }
    EventLogMetrics metrics = EventLogReader.readStream(
        new ByteArrayInputStream(log.toString().getBytes(StandardCharsets.UTF_8)));
    return new RunRecord("S12", "user map", mode, Outcome.OK, "", 1_000, 0, "1", "1", "", "", metrics);
  }

  @Test
  void rows_oneRowPerRetryThatRanAlone_withWhyWaitsAndHeldTasks() throws Exception {
    List<List<String>> rows = ExclusiveRetryRows.rows(List.of(run("stock"), run("spillway", ALONE)));

    assertThat(rows).containsExactly(List.of("S12", "spillway", "1", "task 12 (stage 0.0, partition 5, attempt 1)",
        "1 OOM attempt(s), latest: " + ALONE.cause(), "0.8 s; 1.5 s for 3, then alone", "2, 4.2 s", "21.0 s", "succeeded"));
    assertThat(MarkdownReport.aloneRetries(List.of(run("spillway", ALONE)))).contains("## Retries that ran alone")
        .contains("| S12 | spillway | 1 | task 12");
    assertThat(HtmlReport.aloneRetries(List.of(run("spillway", ALONE)))).contains("<h2>Retries that ran alone</h2>")
        .contains("<td>task 12 (stage 0.0, partition 5, attempt 1)</td>");
  }

  @Test
  void rows_noRetryRanAlone_noSection() throws Exception {
    assertThat(MarkdownReport.aloneRetries(List.of(run("spillway")))).isEmpty();
    assertThat(HtmlReport.aloneRetries(List.of(run("spillway")))).isEmpty();
  }

  @Test
  void event_nameMatchesTheRuntimeClass() {
    assertThat(ExclusiveRetryRows.EVENT).isEqualTo(ExclusiveRetryEvent.class.getName());
  }

  @Test
  void timeline_retryThatRanAlone_isAnActionMarkerOnItsExecutorAtItsLevel() throws Exception {
    List<JsonNode> events = new ArrayList<>(PressureTimelineTest.events());
    events.addAll(run("spillway", ALONE).metrics().spillwayEvents());

    PressureTimeline t = PressureTimeline.of(events, PressureTimelineTest.times(), PressureTimelineTest.LOST);

    Action marker = t.executors().get(1).actions().stream()
        .filter(a -> a.action().equals(PressureTimeline.ALONE_ACTION)).findFirst().orElseThrow();
    assertThat(marker.atMillis()).as("clamped to the lane, which ends at 20 s").isEqualTo(20_000);
    assertThat(marker.level()).isEqualTo(Level.CRITICAL);
    assertThat(marker.engaged()).isTrue();
    assertThat(marker.detail()).contains("task 12 (stage 0.0, partition 5, attempt 1) ran alone")
        .contains("held 2 task(s) for 4200 ms");
    assertThat(t.skippedEvents()).isZero();
    assertThat(t.actionNames()).contains(PressureTimeline.ALONE_ACTION);
  }
}

package io.spillway.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's section on retries that ran alone after an out-of-memory failure: one row per
 * {@code ExclusiveRetryEvent} in a run's event log — which task, why, how long it waited, how many tasks it held
 * back and for how long, how it ended. Field names are those of
 * {@code io.spillway.runtime.oomretry.ExclusiveRetryReport} as Jackson writes it (the harness reads logs, it
 * does not load the runtime).
 */
final class ExclusiveRetryRows {

  static final String EVENT = "io.spillway.runtime.oomretry.ExclusiveRetryEvent";
  static final List<String> HEADER = List.of("case", "mode", "executor", "task", "why", "waited (queued; for running tasks)",
      "others held (tasks, time)", "ran", "outcome");

  private ExclusiveRetryRows() {}

  /** One row per retry that ran alone, in run order and event-log order. */
  static List<List<String>> rows(List<RunRecord> runs) {
    List<List<String>> rows = new ArrayList<>();
    for (RunRecord r : runs) {
      for (JsonNode e : r.metrics().spillwayEvents()) {
        if (EVENT.equals(e.path("Event").asText())) {
          JsonNode x = e.path("report");
          rows.add(List.of(r.caseId(), r.mode(), x.path("executorId").asText("?"), task(x),
              x.path("priorOoms").asText("?") + " OOM attempt(s), latest: " + x.path("cause").asText(""),
              ReportTable.seconds(x.path("queuedMillis").asLong()) + "; " + ReportTable.seconds(x.path("waitedMillis")
                  .asLong()) + " for " + x.path("runningAtOwnership").asText("?")
                  + (x.path("startedAlone").asBoolean() ? ", then alone" : ", bound reached"),
              x.path("heldTasks").asText("?") + ", " + ReportTable.seconds(x.path("heldMillis").asLong()),
              ReportTable.seconds(x.path("ownedMillis").asLong()),
              x.path("succeeded").asBoolean() ? "succeeded" : "failed"));
        }
      }
    }
    return rows;
  }

  /** E.g. {@code "task 17 (stage 0.0, partition 3, attempt 1)"}. */
  static String task(JsonNode report) {
    return "task " + report.path("taskId").asText("?") + " (stage " + report.path("stageId").asText("?") + "."
        + report.path("stageAttempt").asText("?") + ", partition " + report.path("partitionId").asText("?")
        + ", attempt " + report.path("attemptNumber").asText("?") + ")";
  }
}

package io.spillway.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Everything a finished (or killed) run left behind, before it is judged.
 *
 * @param timedOut        the harness killed it at the per-run limit
 * @param processExitCode the driver process's exit code (for CaseRunner: 0 whenever it wrote a result)
 * @param resultFile      CaseRunner's result JSON, when it wrote one (a submitted application has none)
 * @param driverLog       the driver's stdout and stderr, as captured
 * @param metrics         what the event log says
 */
public record RunEvidence(boolean timedOut, int processExitCode, Optional<JsonNode> resultFile, String driverLog,
    EventLogMetrics metrics) {

  /** The result file's status ({@code ok}, {@code wrong}, {@code error}), empty without a result file. */
  public String status() {
    return resultFile.map(r -> r.path("status").asText()).orElse("");
  }
}

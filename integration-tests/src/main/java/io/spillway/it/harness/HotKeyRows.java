package io.spillway.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hot keys of the A/B report: every key flagged hot in a run's {@code ShuffleSkewReportEvent}s, read
 * from its event log, one row each, with the operation and remedy of its shuffle.
 *
 * <p>Why here and not in the runtime: the report reads only the event log (what a history server would),
 * so a user's own application A/B'd with {@code --submit} gets the same section. Field names are those
 * of {@code io.spillway.runtime.skew.ShuffleSkewReport} as Jackson writes it.
 */
final class HotKeyRows {

  static final String EVENT = "io.spillway.runtime.skew.ShuffleSkewReportEvent";
  static final List<String> HEADER = List.of("case", "mode", "shuffle", "operation", "hot key", "partition",
      "records", "bytes", "× avg partition", "remedy");

  private HotKeyRows() {}

  /** One row per hot key of every run, in run order. */
  static List<List<String>> rows(List<RunRecord> runs) {
    List<List<String>> rows = new ArrayList<>();
    for (RunRecord r : runs) {
      for (JsonNode e : r.metrics().spillwayEvents()) {
        if (!EVENT.equals(e.path("Event").asText())) {
          continue;
        }
        JsonNode report = e.path("report");
        for (JsonNode k : report.path("topKeys")) {
          if (k.path("hot").asBoolean(false)) {
            rows.add(List.of(r.caseId(), r.mode(), report.path("shuffleId").asText("?"),
                report.path("operation").asText(""), k.path("rendered").asText(""),
                k.path("reducePartition").asText("?"), percent(k.path("recordsShare").asDouble()),
                percent(k.path("bytesShare").asDouble()),
                String.format(Locale.ROOT, "%.1f", k.path("partitionLoad").asDouble()),
                report.path("remedy").asText("")));
          }
        }
      }
    }
    return rows;
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * share);
  }
}

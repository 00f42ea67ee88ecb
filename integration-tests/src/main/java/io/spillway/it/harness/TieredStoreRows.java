package io.spillway.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tiered store's section of the A/B report: one row per stage attempt of a run whose reduce tasks used
 * the store, read from the run's {@code TieredStoreStageEvent}s in its event log, and a sentence for each
 * Spillway run where no stage did (so the reader knows the store was not taken, e.g. {@code auto} kept
 * Spark's map). Stock runs never use the store and get neither.
 *
 * <p>Why only JSON: the harness runs without Spillway's classes on its classpath (it reads the event log as
 * a history server would). Field names are those of {@code io.spillway.runtime.tiered.TieredStoreStageStats}
 * as Jackson writes it; the hit rate is the event's {@code heapTierHitRate}, computed by the runtime (its one
 * definition), not recomputed here.
 */
final class TieredStoreRows {

  static final String EVENT = "io.spillway.runtime.tiered.TieredStoreStageEvent";
  static final List<String> HEADER = List.of("case", "mode", "stage", "tasks", "heap-tier hit rate", "off-heap hits",
      "misses", "bytes written off heap", "off-heap maps");
  private static final String STOCK = "stock";

  private TieredStoreRows() {}

  /** One row per stage attempt that used the store, in run order and event-log order. */
  static List<List<String>> rows(List<RunRecord> runs) {
    List<List<String>> rows = new ArrayList<>();
    for (RunRecord r : runs) {
      for (JsonNode stats : stageStats(r)) {
        rows.add(List.of(r.caseId(), r.mode(),
            stats.path("stageId").asText("?") + "." + stats.path("stageAttempt").asText("?"),
            stats.path("tasks").asText("?"), hitRate(stats), stats.path("offHeapHits").asText("?"),
            stats.path("misses").asText("?"), ReportTable.bytes(stats.path("bytesWrittenOffHeap").asLong()),
            stats.path("offHeapMaps").asText("?")));
      }
    }
    return rows;
  }

  /** A sentence for each non-stock run in which no stage used the store. */
  static List<String> notUsed(List<RunRecord> runs) {
    List<String> lines = new ArrayList<>();
    for (RunRecord r : runs) {
      if (!STOCK.equals(r.mode()) && stageStats(r).isEmpty()) {
        lines.add(r.caseId() + " " + r.mode() + ": no stage used the tiered store (reduce-side aggregation stayed "
            + "on Spark's map, or the run left no event log).");
      }
    }
    return lines;
  }

  /** Whether the section has anything to say: some run was not stock. */
  static boolean applies(List<RunRecord> runs) {
    return runs.stream().anyMatch(r -> !STOCK.equals(r.mode()));
  }

  private static List<JsonNode> stageStats(RunRecord r) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : r.metrics().spillwayEvents()) {
      if (EVENT.equals(e.path("Event").asText())) {
        out.add(e.path("stats"));
      }
    }
    return out;
  }

  /** The event's heap-tier hit rate; "n/a" when the store had no reads (or the field is missing). */
  private static String hitRate(JsonNode stats) {
    long reads = stats.path("heapHits").asLong() + stats.path("offHeapHits").asLong() + stats.path("misses").asLong();
    JsonNode rate = stats.path("heapTierHitRate");
    if (reads == 0 || !rate.isNumber()) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.1f %%", 100 * rate.asDouble());
  }
}

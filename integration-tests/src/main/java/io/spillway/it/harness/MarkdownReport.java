package io.spillway.it.harness;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders an {@link AbReport} as {@code report.md}: date, environment, non-default settings, the table. */
final class MarkdownReport {

  private MarkdownReport() {}

  static String render(AbReport report) {
    StringBuilder md = new StringBuilder();
    md.append("# Spillway A/B report\n\n");
    md.append("Run ").append(escape(report.createdAt())).append(".\n\n");
    md.append(table(report.runs())).append('\n');
    md.append(timelines(report.runs()));
    md.append(hotKeys(report.runs()));
    md.append(tieredStore(report.runs()));
    md.append(aloneRetries(report.runs()));
    appendSettings(md, report.nonDefaultSettings(), report.settings(), report.environment());
    return md.toString();
  }

  /** The closing sections every report has: non-default Spark settings, harness settings, environment. */
  static void appendSettings(StringBuilder md, List<String> nonDefault, Map<String, String> settings,
      Map<String, String> environment) {
    md.append("## Settings that differ from Spark's defaults\n\n");
    nonDefault.forEach(s -> md.append("- `").append(s.replace("`", "'")).append("`\n"));
    md.append("\n## Harness settings\n\n");
    appendMap(md, settings);
    md.append("\n## Environment\n\n");
    appendMap(md, environment);
  }

  /** The table alone, also printed to the console at the end of a run. */
  static String table(List<RunRecord> runs) {
    StringBuilder md = new StringBuilder();
    row(md, ReportTable.HEADER);
    row(md, ReportTable.HEADER.stream().map(h -> "---").toList());
    ReportTable.rows(runs).forEach(r -> row(md, r));
    return md.toString();
  }

  /**
   * Per run with Spillway events, one line per executor: its level changes and action counts
   * ({@link PressureTimelineText}); nothing when no run has any.
   */
  static String timelines(List<RunRecord> runs) {
    StringBuilder md = new StringBuilder();
    for (RunRecord r : runs) {
      PressureTimeline t = r.metrics().pressureTimeline();
      if (t.executors().isEmpty()) {
        continue;
      }
      md.append("**").append(escape(r.caseId() + " " + r.mode())).append("** (").append(escape(r.outcomeText()))
          .append(t.skippedEvents() > 0 ? "; " + t.skippedEvents() + " events not placed" : "").append(")\n\n");
      PressureTimelineText.lines(t).forEach(l -> md.append("- ").append(escape(l)).append('\n'));
      md.append('\n');
    }
    return md.isEmpty() ? "" : "## Pressure timelines\n\nSeconds since the application start; ×n counts "
        + "engagements of an action, \"released\" its undos.\n\n" + md;
  }

  /** The hot keys the runs' skew reports flagged ({@link HotKeyRows}); nothing when none. */
  static String hotKeys(List<RunRecord> runs) {
    List<List<String>> rows = HotKeyRows.rows(runs);
    if (rows.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("## Hot keys\n\nKeys Spillway's skew report flagged (shares estimated "
        + "from sampled map-side sketches; SQL exchanges show column values per partition).\n\n");
    row(md, HotKeyRows.HEADER);
    row(md, HotKeyRows.HEADER.stream().map(h -> "---").toList());
    rows.forEach(r -> row(md, r));
    return md.append('\n').toString();
  }

  /** Retries that ran alone after an out-of-memory failure ({@link ExclusiveRetryRows}); nothing when none. */
  static String aloneRetries(List<RunRecord> runs) {
    List<List<String>> rows = ExclusiveRetryRows.rows(runs);
    if (rows.isEmpty()) {
      return "";
    }
    StringBuilder md = new StringBuilder("## Retries that ran alone\n\nA later attempt of a partition that ran out "
        + "of memory runs alone on its executor: it waits (bounded) for the tasks already running, and no task starts "
        + "beside it until it ends.\n\n");
    row(md, ExclusiveRetryRows.HEADER);
    row(md, ExclusiveRetryRows.HEADER.stream().map(h -> "---").toList());
    rows.forEach(r -> row(md, r));
    return md.append('\n').toString();
  }

  /**
   * The tiered store's figures per stage that used it, and a sentence per Spillway run where none did
   * ({@link TieredStoreRows}); nothing when every run is stock.
   */
  static String tieredStore(List<RunRecord> runs) {
    if (!TieredStoreRows.applies(runs)) {
      return "";
    }
    StringBuilder md = new StringBuilder("## Tiered store\n\nReduce-side aggregation in Spillway's tiered store, per "
        + "stage attempt. Heap-tier hit rate: heap hits / (heap hits + off-heap hits + misses); a miss is a new key."
        + "\n\n");
    List<List<String>> rows = TieredStoreRows.rows(runs);
    if (!rows.isEmpty()) {
      row(md, TieredStoreRows.HEADER);
      row(md, TieredStoreRows.HEADER.stream().map(h -> "---").toList());
      rows.forEach(r -> row(md, r));
      md.append('\n');
    }
    TieredStoreRows.notUsed(runs).forEach(l -> md.append("- ").append(escape(l)).append('\n'));
    return md.append('\n').toString();
  }

  private static void appendMap(StringBuilder md, Map<String, String> map) {
    new TreeMap<>(map).forEach((k, v) -> md.append("- ").append(escape(k)).append(": ").append(escape(v)).append('\n'));
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append('|');
    cells.forEach(c -> md.append(' ').append(escape(c)).append(" |"));
    md.append('\n');
  }

  /** Keeps a cell one cell: pipes, line breaks and HTML-looking text would break the table. */
  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
        .replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}

package io.spillway.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders a {@link CurveReport} as Markdown: the bound, the verdict per case and mode, every run's figures, then
 * settings and environment. The two tables are also what {@code spillway curve} prints at the end.
 */
final class CurveMarkdown {

  static final List<String> VERDICT_HEADER = List.of("Case", "Mode", "Largest memory", "Time there",
      "Smallest memory", "Time there", "Smallest/largest", "Verdict");

  static final List<String> RUNS_HEADER = List.of("Case", "Executor memory", "Mode", "Outcome", "Wall time",
      "Spilled (memory + disk)", "GC time (share of run time)", "Peak executor heap", "Time / time at largest");

  private CurveMarkdown() {}

  static String render(CurveReport report) {
    StringBuilder md = new StringBuilder();
    md.append("# Spillway degradation curve\n\n");
    md.append("Run ").append(MarkdownReport.escape(report.createdAt())).append(". ").append(boundSentence(report))
        .append("\n\n");
    reserveNote(report).ifPresent(n -> md.append("Note: ").append(MarkdownReport.escape(n)).append("\n\n"));
    md.append(verdictTable(report)).append('\n');
    md.append("## Runs\n\n");
    md.append(runsTable(report)).append('\n');
    MarkdownReport.appendSettings(md, report.nonDefaultSettings(), report.settings(), report.environment());
    return md.toString();
  }

  /** What the verdict asks, in one sentence shared with the HTML page. */
  static String boundSentence(CurveReport report) {
    return "Each case runs at every executor memory in each mode; the verdict asks, per case and mode, for every "
        + "run correct and the wall time at the smallest memory at most " + CurveSeries.bound(report.maxRatio())
        + " the wall time at the largest.";
  }

  /** The harness's change to Spark's reserved memory, when it made one: it applies to every point. */
  static Optional<String> reserveNote(CurveReport report) {
    return Optional.ofNullable(report.settings().get(CurveHarness.RESERVED_MEMORY_SETTING))
        .map(v -> "reserved memory " + v + ".");
  }

  static String verdictTable(CurveReport report) {
    return table(VERDICT_HEADER, verdictRows(report));
  }

  /** The verdict table's cells, one row per series, shared with the HTML page. */
  static List<List<String>> verdictRows(CurveReport report) {
    List<List<String>> rows = new ArrayList<>();
    for (CurveSeries s : report.series()) {
      rows.add(List.of(s.caseId(), s.mode(), s.largest().memory(), time(s.largest()), s.smallest().memory(),
          time(s.smallest()), s.ratio() == null ? "n/a" : CurveSeries.times(s.ratio()), s.verdict(report.maxRatio())));
    }
    return rows;
  }

  static String runsTable(CurveReport report) {
    return table(RUNS_HEADER, runsRows(report));
  }

  /** The runs table's cells, per series largest memory first, shared with the HTML page. */
  static List<List<String>> runsRows(CurveReport report) {
    List<List<String>> rows = new ArrayList<>();
    for (CurveSeries s : report.series()) {
      for (CurvePoint p : s.points()) {
        EventLogMetrics m = p.run().metrics();
        rows.add(List.of(s.caseId(), p.memory(), s.mode(), p.run().outcomeText(),
            ReportTable.seconds(p.run().wallMillis()),
            m.spilledBytes() == 0 ? "0" : ReportTable.bytes(m.memoryBytesSpilled()) + " + "
                + ReportTable.bytes(m.diskBytesSpilled()),
            ReportTable.gc(m), m.peakExecutorHeapBytes() == 0 ? "n/a" : ReportTable.bytes(m.peakExecutorHeapBytes()),
            relative(s, p)));
      }
    }
    return rows;
  }

  /** "31.2 s" for a correct run; the outcome in front otherwise, since that time is not a point of the curve. */
  private static String time(CurvePoint p) {
    String t = ReportTable.seconds(p.run().wallMillis());
    return p.ok() ? t : p.run().outcome().label() + ", " + t;
  }

  /** This run's time over the largest memory's, when both are correct. */
  private static String relative(CurveSeries s, CurvePoint p) {
    if (!p.ok() || !s.largest().ok() || s.largest().run().wallMillis() <= 0) {
      return "";
    }
    return String.format(Locale.ROOT, "%.2f×", (double) p.run().wallMillis() / s.largest().run().wallMillis());
  }

  static String table(List<String> header, List<List<String>> rows) {
    StringBuilder md = new StringBuilder();
    row(md, header);
    row(md, header.stream().map(h -> "---").toList());
    rows.forEach(r -> row(md, r));
    return md.toString();
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append('|');
    cells.forEach(c -> md.append(' ').append(MarkdownReport.escape(c)).append(" |"));
    md.append('\n');
  }
}

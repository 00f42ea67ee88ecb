package io.spillway.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link BenchReport} as Markdown: the per-case summary (the median ratio judged against the bar), every pair's times,
 * then settings and environment. The two tables are also what {@code spillway bench} prints at the end.
 */
final class BenchMarkdown {

  static final List<String> SUMMARY_HEADER = List.of("Case", "Correct pairs", "Median Spillway/stock",
      "Min", "Max", "Median stock", "Median Spillway", "Verdict");

  static final List<String> PAIRS_HEADER = List.of("Case", "Pair", "First", "Stock", "Spillway",
      "Spillway/stock");

  private BenchMarkdown() {}

  static String render(BenchReport report) {
    StringBuilder md = new StringBuilder();
    md.append("# Spillway no-pressure benchmark\n\n");
    md.append("Run ").append(MarkdownReport.escape(report.createdAt())).append(". Ratios are Spillway's time "
        + "over stock's within a pair (both sides back to back, the first side alternating). A run's time is its Spark "
        + "jobs' (the event log's submission to completion, input preparation left out), the runner's wall time "
        + "when it has none. The verdict asks for every run correct, both sides of a pair with the same answer, and "
        + "a median ratio of at most ").append(ratio(report.targetMedianRatio()))
        .append(".\n\n");
    md.append("**").append(overall(report)).append("**\n\n");
    md.append(summaryTable(report)).append('\n');
    md.append("## Pairs\n\n");
    md.append(pairsTable(report)).append('\n');
    MarkdownReport.appendSettings(md, report.nonDefaultSettings(), report.settings(), report.environment());
    return md.toString();
  }

  /** One line: whether the benchmark passed, and if not, why. */
  static String overall(BenchReport report) {
    if (!report.allCorrect()) {
      return "FAILED: not every run finished with the expected answer (see the pairs).";
    }
    return report.meetsTarget()
        ? "Every run correct; every case's median ratio is within " + ratio(report.targetMedianRatio()) + "."
        : "Every run correct; some case's median ratio is above " + ratio(report.targetMedianRatio()) + ".";
  }

  static String summaryTable(BenchReport report) {
    List<List<String>> rows = new ArrayList<>();
    for (BenchCase c : report.cases()) {
      long correct = c.pairs().stream().filter(BenchPair::correct).count();
      rows.add(List.of(c.caseId(), correct + "/" + c.pairs().size(), ratio(c.medianRatio()), ratio(c.minRatio()),
          ratio(c.maxRatio()), correct == 0 ? "n/a" : ReportTable.seconds(c.medianStockMillis()),
          correct == 0 ? "n/a" : ReportTable.seconds(c.medianSpillwayMillis()), verdict(c, report.targetMedianRatio())));
    }
    return table(SUMMARY_HEADER, rows);
  }

  static String pairsTable(BenchReport report) {
    List<List<String>> rows = new ArrayList<>();
    for (BenchCase c : report.cases()) {
      for (BenchPair p : c.pairs()) {
        rows.add(List.of(c.caseId(), Integer.toString(p.pair()), p.firstMode(), run(p.stock()), run(p.spillway()),
            ratio(p.ratio())));
      }
    }
    return table(PAIRS_HEADER, rows);
  }

  private static String verdict(BenchCase c, double target) {
    if (!c.allCorrect()) {
      return "FAILED (a run was not correct)";
    }
    return c.meets(target) ? "ok (≤ " + ratio(target) + ")" : "above " + ratio(target);
  }

  /** "31.2 s" (the timed jobs) for a correct run; the outcome in front otherwise. */
  private static String run(RunRecord r) {
    String t = ReportTable.seconds(BenchPair.timedMillis(r));
    return r.outcome() == Outcome.OK ? t : r.outcomeText() + ", " + t;
  }

  /** Three decimals: the target is 1.02, so two would hide what decides it. */
  static String ratio(Double r) {
    return r == null ? "n/a" : String.format(Locale.ROOT, "%.3f", r);
  }

  private static String table(List<String> header, List<List<String>> rows) {
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

package io.spillway.it.harness;

import java.util.List;
import java.util.Locale;

/**
 * {@code report.html} of a benchmark: one row per workload with every pair's Spillway/stock ratio as a dot, the
 * median as a bar, and lines at 1.00 and at the target, in an inline SVG — so the spread is seen next to the
 * median, which a table of three numbers hides. Self-contained (no script, no external file).
 */
final class BenchHtml {

  private static final int ROW = 28;
  private static final int LABEL = 70;
  private static final int PLOT = 560;
  private static final int RIGHT = 200;

  private BenchHtml() {}

  static String render(BenchReport report) {
    List<BenchCase> cases = report.cases();
    double lo = 0.9;
    double hi = Math.max(1.1, report.targetMedianRatio() + 0.03);
    for (BenchCase c : cases) {
      for (double r : c.ratios()) {
        lo = Math.min(lo, r - 0.02);
        hi = Math.max(hi, r + 0.02);
      }
    }
    int height = ROW * (cases.size() + 1) + 10;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
        + "font-family='sans-serif' font-size='12'>", LABEL + PLOT + RIGHT, height));
    for (double at : new double[] {1.0, report.targetMedianRatio()}) {
      double x = x(at, lo, hi);
      svg.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='4' x2='%.1f' y2='%d' stroke='%s' "
          + "stroke-dasharray='%s'/>", x, x, height - ROW, at == 1.0 ? "#888" : "#c33", at == 1.0 ? "2,2" : "6,3"));
      svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle' fill='%s'>%.2f</text>", x,
          height - 8, at == 1.0 ? "#555" : "#c33", at));
    }
    for (int i = 0; i < cases.size(); i++) {
      BenchCase c = cases.get(i);
      int y = ROW * i + ROW / 2 + 4;
      svg.append(String.format(Locale.ROOT, "<text x='4' y='%d'>%s</text>", y + 4, HtmlReport.escape(c.caseId())));
      for (double r : c.ratios()) {
        svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%d' r='3.5' fill='#36c' fill-opacity='0.6'>"
            + "<title>%.3f</title></circle>", x(r, lo, hi), y, r));
      }
      Double median = c.medianRatio();
      String verdict;
      if (median == null) {
        verdict = "no correct pair";
      } else {
        double mx = x(median, lo, hi);
        svg.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#000' "
            + "stroke-width='3'/>", mx, y - 9, mx, y + 9));
        verdict = String.format(Locale.ROOT, "median %.3f (%.3f–%.3f), %d pairs%s", median, c.minRatio(),
            c.maxRatio(), c.ratios().size(), c.allCorrect() ? "" : ", NOT ALL CORRECT");
      }
      svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>%s</text>", LABEL + PLOT + 8, y + 4,
          HtmlReport.escape(verdict)));
    }
    svg.append("</svg>");
    return "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Spillway no-pressure benchmark</title></head>"
        + "<body style='font-family:sans-serif'><h1>Spillway no-pressure benchmark</h1><p>"
        + HtmlReport.escape(report.createdAt()) + ". Spillway/stock time per pair (dots) and the median (bar); dashed: "
        + "1.00 and the target " + String.format(Locale.ROOT, "%.2f", report.targetMedianRatio())
        + ". A run's time is its Spark jobs' (input preparation left out). Details: report.md.</p>" + svg
        + "</body></html>\n";
  }

  private static double x(double ratio, double lo, double hi) {
    return LABEL + (ratio - lo) / (hi - lo) * PLOT;
  }
}

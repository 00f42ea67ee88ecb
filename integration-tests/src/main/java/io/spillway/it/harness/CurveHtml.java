package io.spillway.it.harness;

import static io.spillway.it.harness.HtmlReport.escape;

import java.util.List;

/**
 * Renders a {@link CurveReport} as one self-contained HTML page (inline CSS and SVG, no scripts, no external
 * assets), like the A/B report: per case its chart ({@link CurveSvg}), then the verdicts, every run, and the
 * settings the runs shared.
 */
final class CurveHtml {

  private CurveHtml() {}

  static String render(CurveReport report) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>Spillway degradation curve ").append(escape(report.createdAt())).append("</title>\n")
        .append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;")
        .append("text-align:left;font-size:14px}th{background:#f3f3f3}td.pass{color:#2e7d32}")
        .append("td.fail{color:#c62828;font-weight:bold}code{font-size:13px}</style>\n</head><body>\n")
        .append("<h1>Spillway degradation curve</h1>\n<p>Run ").append(escape(report.createdAt())).append(". ")
        .append(escape(CurveMarkdown.boundSentence(report))).append(" The x axis is ordinal (memories evenly "
            + "spaced), largest memory on the left; failed runs are red crosses above the plot.</p>\n");
    CurveMarkdown.reserveNote(report).ifPresent(n -> h.append("<p><strong>Note:</strong> ").append(escape(n))
        .append("</p>\n"));
    for (String caseId : report.caseIds()) {
      h.append("<h2>").append(escape(caseId)).append("</h2>\n")
          .append(CurveSvg.render(caseId, report.seriesOf(caseId), report.maxRatio()));
    }
    h.append("<h2>Verdict</h2>\n<table>\n");
    header(h, CurveMarkdown.VERDICT_HEADER);
    List<List<String>> verdicts = CurveMarkdown.verdictRows(report);
    for (int i = 0; i < verdicts.size(); i++) {
      String cls = report.series().get(i).meets(report.maxRatio()) ? "pass" : "fail";
      row(h, verdicts.get(i), verdicts.get(i).size() - 1, cls);
    }
    h.append("</table>\n<h2>Runs</h2>\n<table>\n");
    header(h, CurveMarkdown.RUNS_HEADER);
    CurveMarkdown.runsRows(report).forEach(r -> row(h, r, -1, ""));
    h.append("</table>\n<h2>Settings that differ from Spark's defaults</h2>\n<ul>\n");
    report.nonDefaultSettings().forEach(s -> h.append("<li><code>").append(escape(s)).append("</code></li>\n"));
    h.append("</ul>\n<h2>Harness settings</h2>\n").append(HtmlReport.list(report.settings()))
        .append("<h2>Environment</h2>\n").append(HtmlReport.list(report.environment())).append("</body></html>\n");
    return h.toString();
  }

  private static void header(StringBuilder h, List<String> header) {
    h.append("<tr>");
    header.forEach(c -> h.append("<th>").append(escape(c)).append("</th>"));
    h.append("</tr>\n");
  }

  private static void row(StringBuilder h, List<String> cells, int classedCell, String cls) {
    h.append("<tr>");
    for (int c = 0; c < cells.size(); c++) {
      h.append(c == classedCell ? "<td class=\"" + cls + "\">" : "<td>").append(escape(cells.get(c))).append("</td>");
    }
    h.append("</tr>\n");
  }
}

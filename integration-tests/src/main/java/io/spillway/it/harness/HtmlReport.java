package io.spillway.it.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders an {@link AbReport} as one self-contained HTML page (inline CSS and SVG, no scripts, no
 * external assets) so that it can be mailed or attached to an issue as a single file.
 */
final class HtmlReport {

  /** Bar colour per outcome; the legend shows the same pairs. */
  static final Map<Outcome, String> COLORS = Map.of(
      Outcome.OK, "#2e7d32", Outcome.OOM, "#c62828", Outcome.WRONG, "#ef6c00",
      Outcome.ERROR, "#616161", Outcome.TIMEOUT, "#6a1b9a");

  private static final int BAR_WIDTH = 28;
  private static final int BAR_GAP = 4;
  private static final int GROUP_GAP = 24;
  private static final int PLOT_HEIGHT = 220;
  private static final int MARGIN_LEFT = 56;
  private static final int MARGIN_TOP = 40;
  private static final int MIN_WIDTH = 520;

  private HtmlReport() {}

  static String render(AbReport report) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>Spillway A/B report ").append(escape(report.createdAt())).append("</title>\n")
        .append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;")
        .append("text-align:left;font-size:14px}th{background:#f3f3f3}td.o-OK{color:#2e7d32}")
        .append("td.o-OOM{color:#c62828;font-weight:bold}code{font-size:13px}</style>\n</head><body>\n")
        .append("<h1>Spillway A/B report</h1>\n<p>Run ").append(escape(report.createdAt())).append(".</p>\n");
    h.append(chart(report.runs()));
    h.append("<table>\n<tr>");
    ReportTable.HEADER.forEach(c -> h.append("<th>").append(escape(c)).append("</th>"));
    h.append("</tr>\n");
    List<List<String>> rows = ReportTable.rows(report.runs());
    for (int i = 0; i < rows.size(); i++) {
      h.append("<tr>");
      List<String> row = rows.get(i);
      for (int c = 0; c < row.size(); c++) {
        String cls = c == 2 ? " class=\"o-" + report.runs().get(i).outcome().name() + "\"" : "";
        h.append("<td").append(cls).append('>').append(escape(row.get(c))).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n").append(timelines(report.runs())).append(hotKeys(report.runs()))
        .append(tieredStore(report.runs())).append(aloneRetries(report.runs()));
    h.append("<h2>Settings that differ from Spark's defaults</h2>\n<ul>\n");
    report.nonDefaultSettings().forEach(s -> h.append("<li><code>").append(escape(s)).append("</code></li>\n"));
    h.append("</ul>\n<h2>Harness settings</h2>\n").append(list(report.settings()))
        .append("<h2>Environment</h2>\n").append(list(report.environment())).append("</body></html>\n");
    return h.toString();
  }

  /** Grouped bars: wall time per case, one bar per mode, coloured by outcome. */
  static String chart(List<RunRecord> runs) {
    Map<String, List<RunRecord>> byCase = new LinkedHashMap<>();
    runs.forEach(r -> byCase.computeIfAbsent(r.caseId(), k -> new ArrayList<>()).add(r));
    long maxMillis = Math.max(1, runs.stream().mapToLong(RunRecord::wallMillis).max().orElse(1));
    int groupWidth = 2 * BAR_WIDTH + BAR_GAP;
    int width = Math.max(MIN_WIDTH, MARGIN_LEFT + byCase.size() * (groupWidth + GROUP_GAP) + 180);
    int height = MARGIN_TOP + PLOT_HEIGHT + 50;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "role=\"img\" aria-label=\"Wall time per case, stock and Spillway\" font-size=\"11\">%n", width, height));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\">Wall time (s) per case:"
        + " stock | Spillway</text>%n", MARGIN_LEFT));
    int base = MARGIN_TOP + PLOT_HEIGHT;
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n",
        MARGIN_LEFT, base, width - 170, base));
    for (int t = 0; t <= 4; t++) {
      int y = base - t * PLOT_HEIGHT / 4;
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.0f</text>%n",
          MARGIN_LEFT - 6, y + 4, maxMillis / 1000.0 * t / 4));
    }
    int x = MARGIN_LEFT + GROUP_GAP / 2;
    for (Map.Entry<String, List<RunRecord>> group : byCase.entrySet()) {
      for (RunRecord r : group.getValue()) {
        // Fixed slots (stock left, Spillway right) so a one-sided run still reads the same way.
        int bx = x + (r.mode().equals("stock") ? 0 : BAR_WIDTH + BAR_GAP);
        int barHeight = (int) Math.round((double) r.wallMillis() / maxMillis * PLOT_HEIGHT);
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"%s>"
                + "<title>%s</title></rect>%n", bx, base - barHeight, BAR_WIDTH, barHeight, COLORS.get(r.outcome()),
            r.mode().equals("stock") ? " fill-opacity=\"0.65\"" : "",
            escape(r.caseId() + " " + r.mode() + ": " + r.outcomeText() + ", " + ReportTable.seconds(r.wallMillis()))));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"9\">%s</text>%n",
            bx + BAR_WIDTH / 2, base + 12, r.mode().equals("stock") ? "stock" : "spill"));
      }
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>%n",
          x + groupWidth / 2, base + 28, escape(group.getKey())));
      x += groupWidth + GROUP_GAP;
    }
    int ly = MARGIN_TOP;
    int lx = width - 160;
    for (Outcome o : Outcome.values()) {
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>%n", lx, ly, COLORS.get(o), lx + 18, ly + 10, escape(o.label())));
      ly += 18;
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\">lighter bar = stock</text>%n",
        lx, ly + 10));
    s.append("</svg>\n");
    return s.toString();
  }

  /** A pressure timeline per run that has Spillway events; nothing when none has. */
  static String timelines(List<RunRecord> runs) {
    StringBuilder h = new StringBuilder();
    for (RunRecord r : runs) {
      PressureTimeline t = r.metrics().pressureTimeline();
      if (!t.executors().isEmpty()) {
        h.append("<h3>").append(escape(r.caseId() + " " + r.mode() + ": " + r.outcomeText())).append("</h3>\n")
            .append(PressureTimelineSvg.render(t, r.caseId() + " " + r.mode()));
      }
    }
    return h.isEmpty() ? "" : "<h2>Pressure timelines</h2>\n<p>Hover a band, marker or cross for its time and "
        + "details.</p>\n" + h;
  }

  /** The hot keys the runs' skew reports flagged ({@link HotKeyRows}); nothing when none. */
  static String hotKeys(List<RunRecord> runs) {
    List<List<String>> rows = HotKeyRows.rows(runs);
    return rows.isEmpty() ? "" : "<h2>Hot keys</h2>\n" + table(HotKeyRows.HEADER, rows);
  }

  /** Retries that ran alone after an out-of-memory failure ({@link ExclusiveRetryRows}); nothing when none. */
  static String aloneRetries(List<RunRecord> runs) {
    List<List<String>> rows = ExclusiveRetryRows.rows(runs);
    return rows.isEmpty() ? "" : "<h2>Retries that ran alone</h2>\n" + table(ExclusiveRetryRows.HEADER, rows);
  }

  /** A plain table of escaped cells. */
  private static String table(List<String> header, List<List<String>> rows) {
    StringBuilder h = new StringBuilder("<table>\n<tr>");
    header.forEach(c -> h.append("<th>").append(escape(c)).append("</th>"));
    h.append("</tr>\n");
    for (List<String> row : rows) {
      h.append("<tr>");
      row.forEach(c -> h.append("<td>").append(escape(c)).append("</td>"));
      h.append("</tr>\n");
    }
    return h.append("</table>\n").toString();
  }

  /**
   * The tiered store's figures per stage that used it, and a sentence per Spillway run where none did
   * ({@link TieredStoreRows}); nothing when every run is stock.
   */
  static String tieredStore(List<RunRecord> runs) {
    if (!TieredStoreRows.applies(runs)) {
      return "";
    }
    StringBuilder h = new StringBuilder("<h2>Tiered store</h2>\n<p>Reduce-side aggregation in Spillway's tiered store, "
        + "per stage attempt. Heap-tier hit rate: heap hits / (heap hits + off-heap hits + misses); a miss is a new "
        + "key.</p>\n");
    List<List<String>> rows = TieredStoreRows.rows(runs);
    if (!rows.isEmpty()) {
      h.append("<table>\n<tr>");
      TieredStoreRows.HEADER.forEach(c -> h.append("<th>").append(escape(c)).append("</th>"));
      h.append("</tr>\n");
      for (List<String> row : rows) {
        h.append("<tr>");
        row.forEach(c -> h.append("<td>").append(escape(c)).append("</td>"));
        h.append("</tr>\n");
      }
      h.append("</table>\n");
    }
    List<String> notUsed = TieredStoreRows.notUsed(runs);
    if (!notUsed.isEmpty()) {
      h.append("<ul>\n");
      notUsed.forEach(l -> h.append("<li>").append(escape(l)).append("</li>\n"));
      h.append("</ul>\n");
    }
    return h.toString();
  }

  /** A map as a sorted bullet list; shared with {@link CurveHtml}. */
  static String list(Map<String, String> map) {
    StringBuilder h = new StringBuilder("<ul>\n");
    new TreeMap<>(map).forEach((k, v) -> h.append("<li>").append(escape(k)).append(": ").append(escape(v)).append("</li>\n"));
    return h.append("</ul>\n").toString();
  }

  /**
   * HTML-escapes {@code s}. Not {@code io.spillway.runtime.ui.Html}: the harness's class path holds no Spillway
   * module (a stock run must be stock), so the report cannot use the runtime's classes.
   */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}

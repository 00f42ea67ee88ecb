package io.spillway.it.harness;

import static io.spillway.it.harness.HtmlReport.escape;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws one case's degradation curve as inline SVG for the curve report: executor memory on x (ordinal scale,
 * evenly spaced, largest memory on the left, so the line reads left to right as memory shrinks), wall time in
 * seconds on y from 0, one line per mode through its correct runs, and per mode a dashed line at the bound
 * (maxRatio × its time at the largest memory) when that run was correct.
 *
 * <p>A run that did not finish with the expected answer has no time worth plotting: it is a red cross in a
 * row above the plot, at its memory, labelled with its mode and outcome; the line breaks there. Every point
 * and cross has a {@code <title>} (a browser tooltip) with the outcome, wall time and spill, so the figures
 * behind the chart are one hover away without any script.
 *
 * <p>Ordinal rather than log scale because the memories of interest (2g, 1g, 512m, 384m, 256m) are not evenly
 * spaced on either scale and the small end, where the curve bends, would be squeezed on a linear one.
 */
final class CurveSvg {

  /** Line and point colour per mode. */
  static final Map<String, String> MODE_COLORS = Map.of("stock", "#1565c0", "spillway", "#2e7d32");

  /** Colour of a mode this class does not know (a test's own runner). */
  static final String OTHER_MODE_COLOR = "#616161";

  /** Colour of the failure cross and its label. */
  static final String FAILURE_COLOR = "#c62828";

  private static final int MARGIN_LEFT_PX = 64;
  private static final int PLOT_WIDTH_PX = 520;
  /** Room right of the plot for the bound labels and the legend. */
  private static final int RIGHT_PX = 220;
  private static final int TITLE_PX = 24;
  /** The failure row: crosses at its centre, their labels under them (one line per mode). */
  private static final int FAILURE_ROW_PX = 56;
  private static final int PLOT_HEIGHT_PX = 260;
  private static final int AXIS_PX = 44;
  /** Inner padding so the first and last memory are not on the plot's edges. */
  private static final int X_PAD_PX = 40;
  /** Horizontal offset between the crosses of two modes failing at the same memory. */
  private static final int MODE_OFFSET_PX = 16;
  private static final int Y_TICKS = 5;

  private CurveSvg() {}

  /** The chart of {@code series} (one case, any number of modes) against bound {@code maxRatio}. */
  static String render(String caseId, List<CurveSeries> series, double maxRatio) {
    List<Integer> memories = memories(series);
    Map<Integer, String> labels = new TreeMap<>();
    series.forEach(s -> s.points().forEach(p -> labels.putIfAbsent(p.memoryMiB(), p.memory())));
    double maxSeconds = yMaxSeconds(series, maxRatio);
    int width = MARGIN_LEFT_PX + PLOT_WIDTH_PX + RIGHT_PX;
    int plotTop = TITLE_PX + FAILURE_ROW_PX;
    int base = plotTop + PLOT_HEIGHT_PX;
    int height = base + AXIS_PX;
    Geometry g = new Geometry(memories, maxSeconds, plotTop);
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "role=\"img\" aria-label=\"%s\" font-size=\"11\">%n", width, height,
        escape("Wall time against executor memory, " + caseId)));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\">%s</text>%n", MARGIN_LEFT_PX,
        escape(caseId + ": wall time (s) against executor memory, largest memory left")));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#999\" font-size=\"9\">failed runs "
        + "(no time)</text>%n", 4, TITLE_PX + 12));
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\" "
        + "stroke-dasharray=\"2 3\"/>%n", MARGIN_LEFT_PX, plotTop - 4, MARGIN_LEFT_PX + PLOT_WIDTH_PX, plotTop - 4));
    axes(s, g, memories, labels, base);
    for (int m = 0; m < series.size(); m++) {
      CurveSeries one = series.get(m);
      String color = color(one.mode());
      bound(s, g, one, maxRatio, color);
      lines(s, g, one, color);
      for (CurvePoint p : one.points()) {
        if (p.ok()) {
          point(s, g, one, p, color, isLowest(series, p));
        } else {
          failure(s, g, one, p, m, series.size());
        }
      }
    }
    legend(s, series, MARGIN_LEFT_PX + PLOT_WIDTH_PX + 24, plotTop, maxRatio);
    return s.append("</svg>\n").toString();
  }

  /** Every memory any series ran at, largest first: the x positions. */
  static List<Integer> memories(List<CurveSeries> series) {
    return series.stream().flatMap(s -> s.points().stream()).map(CurvePoint::memoryMiB).distinct()
        .sorted(Comparator.reverseOrder()).toList();
  }

  /** The y range: every correct run's time and every drawn bound fit, rounded up to a tidy number. */
  static double yMaxSeconds(List<CurveSeries> series, double maxRatio) {
    double max = 0;
    for (CurveSeries one : series) {
      for (CurvePoint p : one.points()) {
        if (p.ok()) {
          max = Math.max(max, p.run().wallMillis() / 1000.0);
        }
      }
      if (one.largest().ok()) {
        max = Math.max(max, maxRatio * one.largest().run().wallMillis() / 1000.0);
      }
    }
    return tidyCeiling(max);
  }

  /** The smallest of 1, 2, 2.5, 5 × 10^k at or above {@code v} (at least 1 s, so an empty chart has an axis). */
  static double tidyCeiling(double v) {
    if (!(v > 1)) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * magnitude >= v - 1e-9) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static void axes(StringBuilder s, Geometry g, List<Integer> memories, Map<Integer, String> labels,
      int base) {
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n",
        MARGIN_LEFT_PX, base, MARGIN_LEFT_PX + PLOT_WIDTH_PX, base));
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n",
        MARGIN_LEFT_PX, g.plotTop, MARGIN_LEFT_PX, base));
    for (int t = 0; t <= Y_TICKS; t++) {
      double sec = g.maxSeconds * t / Y_TICKS;
      double y = g.y(sec);
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", MARGIN_LEFT_PX + 1, y,
          MARGIN_LEFT_PX + PLOT_WIDTH_PX, y, MARGIN_LEFT_PX - 6, y + 4, tick(sec)));
    }
    for (int i = 0; i < memories.size(); i++) {
      double x = g.xAt(i);
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>"
          + "<text class=\"memory\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>%n",
          x, base, x, base + 4, x, base + 17, escape(labels.get(memories.get(i)))));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">executor "
        + "memory (ordinal scale, largest left)</text>%n", MARGIN_LEFT_PX + PLOT_WIDTH_PX / 2, base + 36));
    s.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\" "
        + "transform=\"rotate(-90 14 %d)\">wall time (s)</text>%n", g.plotTop + PLOT_HEIGHT_PX / 2,
        g.plotTop + PLOT_HEIGHT_PX / 2));
  }

  /** The dashed bound line of a series whose largest-memory run was correct. */
  private static void bound(StringBuilder s, Geometry g, CurveSeries one, double maxRatio, String color) {
    if (!one.largest().ok()) {
      return;
    }
    double boundSeconds = maxRatio * one.largest().run().wallMillis() / 1000.0;
    double y = g.y(boundSeconds);
    String text = one.mode() + " bound: " + CurveSeries.bound(maxRatio) + " its time at " + one.largest().memory()
        + " = " + String.format(Locale.ROOT, "%.1f s", boundSeconds);
    s.append(String.format(Locale.ROOT, "<g class=\"bound\" data-mode=\"%s\"><title>%s</title><line x1=\"%d\" "
            + "y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%.1f\" "
            + "fill=\"%s\" font-size=\"10\">%s</text></g>%n", escape(one.mode()), escape(text), MARGIN_LEFT_PX, y,
        MARGIN_LEFT_PX + PLOT_WIDTH_PX, y, color, MARGIN_LEFT_PX + PLOT_WIDTH_PX + 4, y + 3, color,
        escape(CurveSeries.bound(maxRatio) + " " + one.mode())));
  }

  /** Polylines through runs of consecutive correct points; a failed run breaks the line. */
  private static void lines(StringBuilder s, Geometry g, CurveSeries one, String color) {
    List<String> segment = new ArrayList<>();
    for (CurvePoint p : one.points()) {
      if (p.ok()) {
        segment.add(String.format(Locale.ROOT, "%.1f,%.1f", g.xOfMemory(p.memoryMiB()),
            g.y(p.run().wallMillis() / 1000.0)));
      } else {
        polyline(s, segment, one.mode(), color);
        segment.clear();
      }
    }
    polyline(s, segment, one.mode(), color);
  }

  private static void polyline(StringBuilder s, List<String> segment, String mode, String color) {
    if (segment.size() >= 2) {
      s.append(String.format(Locale.ROOT, "<polyline class=\"curve\" data-mode=\"%s\" points=\"%s\" fill=\"none\" "
          + "stroke=\"%s\" stroke-width=\"2\"/>%n", escape(mode), String.join(" ", segment), color));
    }
  }

  /**
   * Whether {@code p} is the fastest correct run at its memory while another mode's run there is correct too: its
   * time label then goes under the dot, so that two close lines do not write over each other's labels.
   */
  static boolean isLowest(List<CurveSeries> series, CurvePoint p) {
    List<Long> others = series.stream().flatMap(o -> o.points().stream())
        .filter(o -> o != p && o.ok() && o.memoryMiB() == p.memoryMiB()).map(o -> o.run().wallMillis()).toList();
    return !others.isEmpty() && others.stream().allMatch(t -> t >= p.run().wallMillis());
  }

  /** A dot with its time beside it, above the dot or, for the lower of two lines, under it. */
  private static void point(StringBuilder s, Geometry g, CurveSeries one, CurvePoint p, String color,
      boolean labelBelow) {
    double x = g.xOfMemory(p.memoryMiB());
    double y = g.y(p.run().wallMillis() / 1000.0);
    double labelY = labelBelow ? y + 13 : y - 6;
    s.append(String.format(Locale.ROOT, "<g class=\"point\" data-mode=\"%s\" data-memory=\"%s\"><title>%s</title>"
            + "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" "
            + "fill=\"%s\">%s</text></g>%n", escape(one.mode()), escape(p.memory()), escape(tooltip(one, p)), x, y,
        color, x + 6, labelY, color, escape(String.format(Locale.ROOT, "%.1f s", p.run().wallMillis() / 1000.0))));
  }

  /** A red cross in the failure row, offset per mode, with "mode: outcome" under it. */
  private static void failure(StringBuilder s, Geometry g, CurveSeries one, CurvePoint p, int modeIndex,
      int modes) {
    double x = g.xOfMemory(p.memoryMiB()) + (modeIndex - (modes - 1) / 2.0) * MODE_OFFSET_PX;
    int y = TITLE_PX + 10;
    int labelY = y + 16 + modeIndex * 11;
    s.append(String.format(Locale.ROOT, "<g class=\"failure\" data-mode=\"%s\" data-memory=\"%s\" "
            + "data-outcome=\"%s\"><title>%s</title><path d=\"M%.1f %dL%.1f %dM%.1f %dL%.1f %d\" stroke=\"%s\" "
            + "stroke-width=\"2.5\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"9\" fill=\"%s\">"
            + "%s</text></g>%n", escape(one.mode()), escape(p.memory()), escape(p.run().outcome().label()),
        escape(tooltip(one, p)), x - 5, y - 5, x + 5, y + 5, x + 5, y - 5, x - 5, y + 5, FAILURE_COLOR,
        g.xOfMemory(p.memoryMiB()), labelY, FAILURE_COLOR, escape(one.mode() + ": " + p.run().outcome().label())));
  }

  private static void legend(StringBuilder s, List<CurveSeries> series, int x, int top, double maxRatio) {
    int y = top + 40;
    for (CurveSeries one : series) {
      String color = color(one.mode());
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
          + "stroke-width=\"2\"/><circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s"
          + "</text>%n", x, y, x + 22, y, color, x + 11, y, color, x + 30, y + 4, escape(one.mode())));
      y += 18;
    }
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" "
        + "stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%d\">%s</text>%n", x, y, x + 22, y, x + 30, y + 4,
        escape("bound: " + CurveSeries.bound(maxRatio) + " time at largest")));
    y += 18;
    s.append(String.format(Locale.ROOT, "<path d=\"M%d %dL%d %dM%d %dL%d %d\" stroke=\"%s\" stroke-width=\"2.5\"/>"
        + "<text x=\"%d\" y=\"%d\">failed run (outcome under it)</text>%n", x + 6, y - 5, x + 16, y + 5, x + 16,
        y - 5, x + 6, y + 5, FAILURE_COLOR, x + 30, y + 4));
  }

  private static String tooltip(CurveSeries one, CurvePoint p) {
    EventLogMetrics m = p.run().metrics();
    return one.caseId() + " " + one.mode() + " at " + p.memory() + ": " + p.run().outcomeText() + ", "
        + ReportTable.seconds(p.run().wallMillis()) + ", spilled "
        + (m.spilledBytes() == 0 ? "0" : ReportTable.bytes(m.memoryBytesSpilled()) + " + "
            + ReportTable.bytes(m.diskBytesSpilled()))
        + (m.peakExecutorHeapBytes() == 0 ? "" : ", peak heap " + ReportTable.bytes(m.peakExecutorHeapBytes()));
  }

  static String color(String mode) {
    return MODE_COLORS.getOrDefault(mode, OTHER_MODE_COLOR);
  }

  private static String tick(double seconds) {
    return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : String.format(Locale.ROOT, "%.1f", seconds);
  }

  /** Where a memory and a number of seconds land. */
  private static final class Geometry {
    private final List<Integer> memories;
    private final double maxSeconds;
    private final int plotTop;

    Geometry(List<Integer> memories, double maxSeconds, int plotTop) {
      this.memories = memories;
      this.maxSeconds = maxSeconds;
      this.plotTop = plotTop;
    }

    /** The x of the {@code index}-th memory, largest first; a lone memory sits in the middle. */
    double xAt(int index) {
      if (memories.size() <= 1) {
        return MARGIN_LEFT_PX + PLOT_WIDTH_PX / 2.0;
      }
      return MARGIN_LEFT_PX + X_PAD_PX + index * (PLOT_WIDTH_PX - 2.0 * X_PAD_PX) / (memories.size() - 1);
    }

    /** The x of a memory in MiB. */
    double xOfMemory(int memoryMiB) {
      return xAt(memories.indexOf(memoryMiB));
    }

    double y(double seconds) {
      return plotTop + PLOT_HEIGHT_PX - Math.min(seconds, maxSeconds) / maxSeconds * PLOT_HEIGHT_PX;
    }
  }
}

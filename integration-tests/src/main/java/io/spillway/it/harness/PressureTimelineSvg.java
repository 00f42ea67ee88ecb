package io.spillway.it.harness;

import static io.spillway.it.harness.HtmlReport.escape;

import io.spillway.it.harness.PressureTimeline.Action;
import io.spillway.it.harness.PressureTimeline.ExecutorLane;
import io.spillway.it.harness.PressureTimeline.Level;
import io.spillway.it.harness.PressureTimeline.LevelSpan;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a {@link PressureTimeline} as inline SVG for report.html: one lane per executor, its pressure
 * level as a coloured band over seconds since the application start, below it one thin row per action
 * name with a filled triangle where the action was engaged and a hollow circle where it was released,
 * and a red cross where the executor was lost. Every band, marker and cross has a {@code <title>}, which
 * browsers show as a tooltip, so the exact time, level and the plugin's detail text are one hover away
 * without any script.
 *
 * <p>Actions get rows of their own because the plugin takes several in the same millisecond when a level
 * changes; drawn on one line they would hide each other.
 */
final class PressureTimelineSvg {

  /** Band colour per level, mild to alarming; the legend shows the same pairs. */
  static final Map<Level, String> LEVEL_COLORS = Map.of(Level.NORMAL, "#a5d6a7", Level.ELEVATED, "#fff176",
      Level.HIGH, "#ffb74d", Level.CRITICAL, "#e53935");

  /** Marker colours, given to the run's action names in sorted order (cycling past eight). */
  static final List<String> ACTION_COLORS = List.of("#1565c0", "#6a1b9a", "#00838f", "#5d4037", "#ad1457",
      "#455a64", "#2e7d32", "#ef6c00");

  /** Colour of the executor-loss cross and line. */
  static final String LOSS_COLOR = "#b71c1c";

  /** Room for "exec 12" and the action row names left of the plot. */
  private static final int LABEL_WIDTH_PX = 130;
  private static final int PLOT_WIDTH_PX = 760;
  private static final int RIGHT_MARGIN_PX = 20;
  private static final int TOP_PX = 28;
  private static final int BAND_HEIGHT_PX = 16;
  private static final int ACTION_ROW_HEIGHT_PX = 11;
  private static final int LANE_GAP_PX = 14;
  private static final int AXIS_HEIGHT_PX = 34;
  private static final int LEGEND_ROW_PX = 18;
  /** Axis tick steps in seconds; the smallest giving at most {@link #MAX_TICKS} ticks is used. */
  private static final int[] TICK_STEPS_S = {1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600};
  private static final int MAX_TICKS = 10;

  private PressureTimelineSvg() {}

  static String render(PressureTimeline t, String label) {
    List<String> actions = t.actionNames();
    int laneHeight = BAND_HEIGHT_PX + actions.size() * ACTION_ROW_HEIGHT_PX;
    int lanesBottom = TOP_PX + t.executors().size() * (laneHeight + LANE_GAP_PX);
    int legendRows = actions.isEmpty() ? 1 : 2;
    int width = LABEL_WIDTH_PX + PLOT_WIDTH_PX + RIGHT_MARGIN_PX;
    int height = lanesBottom + AXIS_HEIGHT_PX + legendRows * LEGEND_ROW_PX + 6;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "role=\"img\" aria-label=\"%s\" font-size=\"11\">%n", width, height,
        escape("Pressure level and actions per executor, " + label)));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\">%s</text>%n", LABEL_WIDTH_PX,
        escape(label + ": pressure level per executor, seconds since application start"
            + (t.skippedEvents() > 0 ? " (" + t.skippedEvents() + " events not placed)" : ""))));
    axis(s, t.durationMillis(), lanesBottom);
    int top = TOP_PX;
    for (ExecutorLane lane : t.executors()) {
      lane(s, lane, actions, top, t.durationMillis());
      top += laneHeight + LANE_GAP_PX;
    }
    legend(s, actions, lanesBottom + AXIS_HEIGHT_PX);
    return s.append("</svg>\n").toString();
  }

  private static void lane(StringBuilder s, ExecutorLane lane, List<String> actions, int top, long durationMillis) {
    String exec = "exec " + lane.executorId();
    s.append("<g class=\"lane\" data-executor=\"").append(escape(lane.executorId())).append("\">\n");
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-weight=\"bold\">%s"
        + "<title>%s</title></text>%n", LABEL_WIDTH_PX - 8, top + BAND_HEIGHT_PX - 4, escape(exec),
        escape(exec + ": from " + ReportTable.seconds(lane.startMillis()) + " to "
            + ReportTable.seconds(lane.endMillis()) + ", peak " + lane.peakLevel())));
    for (LevelSpan span : lane.levels()) {
      double x = x(span.fromMillis(), durationMillis);
      s.append(String.format(Locale.ROOT, "<rect class=\"level\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
              + "fill=\"%s\"><title>%s</title></rect>%n", x, top, x(span.toMillis(), durationMillis) - x,
          BAND_HEIGHT_PX, LEVEL_COLORS.get(span.level()), escape(exec + ": " + span.level() + " from "
              + ReportTable.seconds(span.fromMillis()) + " to " + ReportTable.seconds(span.toMillis())
              + " (" + ReportTable.seconds(span.durationMillis()) + ")")));
    }
    for (int row = 0; row < actions.size(); row++) {
      int y = rowCentre(top, row);
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"9\" "
          + "fill=\"#666\">%s</text>%n", LABEL_WIDTH_PX - 8, y + 3, escape(actions.get(row))));
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e0e0e0\"/>%n",
          x(lane.startMillis(), durationMillis), y, x(lane.endMillis(), durationMillis), y));
    }
    for (Action a : lane.actions()) {
      int row = actions.indexOf(a.action());
      marker(s, a, x(a.atMillis(), durationMillis), rowCentre(top, row), actionColor(row), exec);
    }
    int bottom = top + BAND_HEIGHT_PX + actions.size() * ACTION_ROW_HEIGHT_PX;
    for (LostExecutor l : lane.losses()) {
      double x = x(lane.endMillis(), durationMillis);
      s.append(String.format(Locale.ROOT, "<g class=\"loss\" stroke=\"%s\" stroke-width=\"2\"><title>%s</title>"
              + "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
              + "<path d=\"M%.1f %dL%.1f %dM%.1f %dL%.1f %d\"/></g>%n", LOSS_COLOR,
          escape(exec + " lost at " + ReportTable.seconds(lane.endMillis()) + ": " + l.reason()),
          x, top - 3, x, bottom + 1, x - 5, top - 3, x + 5, top + 7, x + 5, top - 3, x - 5, top + 7));
    }
    s.append("</g>\n");
  }

  private static void marker(StringBuilder s, Action a, double x, int y, String color, String exec) {
    String title = escape(exec + ": " + a.action() + (a.engaged() ? " engaged" : " released") + " at "
        + ReportTable.seconds(a.atMillis()) + " (" + a.level() + "): " + a.detail());
    if (a.engaged()) {
      s.append(String.format(Locale.ROOT, "<path class=\"action engaged\" d=\"M%.1f %dL%.1f %dL%.1f %dZ\" "
          + "fill=\"%s\"><title>%s</title></path>%n", x, y - 4, x + 4, y + 4, x - 4, y + 4, color, title));
    } else {
      s.append(String.format(Locale.ROOT, "<circle class=\"action released\" cx=\"%.1f\" cy=\"%d\" r=\"3.5\" "
          + "fill=\"#fff\" stroke=\"%s\" stroke-width=\"1.5\"><title>%s</title></circle>%n", x, y, color, title));
    }
  }

  /** Vertical grid lines behind the lanes and second labels under them. */
  private static void axis(StringBuilder s, long durationMillis, int lanesBottom) {
    long durationS = Math.max(1, (durationMillis + 999) / 1000);
    int step = TICK_STEPS_S[TICK_STEPS_S.length - 1];
    for (int candidate : TICK_STEPS_S) {
      if (durationS / candidate <= MAX_TICKS) {
        step = candidate;
        break;
      }
    }
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n",
        LABEL_WIDTH_PX, lanesBottom, LABEL_WIDTH_PX + PLOT_WIDTH_PX, lanesBottom));
    for (long sec = 0; sec * 1000 <= durationMillis; sec += step) {
      double x = x(sec * 1000, durationMillis);
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>"
          + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", x, TOP_PX - 4, x, lanesBottom + 4,
          x, lanesBottom + 16, sec));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">"
        + "seconds since application start (ends %s)</text>%n", LABEL_WIDTH_PX + PLOT_WIDTH_PX / 2,
        lanesBottom + 29, escape(ReportTable.seconds(durationMillis))));
  }

  private static void legend(StringBuilder s, List<String> actions, int top) {
    int x = LABEL_WIDTH_PX;
    int y = top + 4;
    for (Level l : Level.values()) {
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text>%n", x, y, LEVEL_COLORS.get(l), x + 16, y + 10, l));
      x += 92;
    }
    s.append(String.format(Locale.ROOT, "<path d=\"M%d %dL%d %dL%d %dZ\" fill=\"#333\"/><text x=\"%d\" y=\"%d\">"
        + "engaged</text>%n", x + 6, y + 2, x + 10, y + 10, x + 2, y + 10, x + 16, y + 10));
    x += 72;
    s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"#fff\" stroke=\"#333\" "
        + "stroke-width=\"1.5\"/><text x=\"%d\" y=\"%d\">released</text>%n", x + 6, y + 6, x + 16, y + 10));
    x += 76;
    s.append(String.format(Locale.ROOT, "<path d=\"M%d %dL%d %dM%d %dL%d %d\" stroke=\"%s\" stroke-width=\"2\"/>"
        + "<text x=\"%d\" y=\"%d\">executor lost</text>%n", x + 1, y + 1, x + 11, y + 11, x + 11, y + 1, x + 1,
        y + 11, LOSS_COLOR, x + 16, y + 10));
    x = LABEL_WIDTH_PX;
    y += LEGEND_ROW_PX;
    for (int i = 0; i < actions.size(); i++) {
      s.append(String.format(Locale.ROOT, "<rect class=\"legend-action\" x=\"%d\" y=\"%d\" width=\"12\" "
              + "height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n", x, y, actionColor(i), x + 16,
          y + 10, escape(actions.get(i))));
      x += 22 + 7 * actions.get(i).length();
    }
  }

  private static int rowCentre(int laneTop, int row) {
    return laneTop + BAND_HEIGHT_PX + row * ACTION_ROW_HEIGHT_PX + ACTION_ROW_HEIGHT_PX / 2 + 1;
  }

  static String actionColor(int index) {
    return ACTION_COLORS.get(index % ACTION_COLORS.size());
  }

  private static double x(long millis, long durationMillis) {
    return LABEL_WIDTH_PX + (double) millis / Math.max(1, durationMillis) * PLOT_WIDTH_PX;
  }
}

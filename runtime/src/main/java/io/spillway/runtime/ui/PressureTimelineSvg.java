package io.spillway.runtime.ui;

import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.ui.SpillwaySummary.Action;
import io.spillway.runtime.ui.SpillwaySummary.ExecutorTimeline;
import io.spillway.runtime.ui.SpillwaySummary.LevelChange;
import java.util.List;
import java.util.Locale;

/**
 * Draws each executor's pressure level over the application's time as one band of coloured segments (NORMAL
 * green to CRITICAL red), with a tick for every action engaged (solid) or undone (hollow); every segment and tick
 * has a tooltip saying what and when. Inline SVG, no script, so it renders the same in the History Server and in
 * a browser without JavaScript.
 */
final class PressureTimelineSvg {

  /** Width of the whole drawing, in CSS pixels. */
  private static final int WIDTH_PX = 1000;
  /** Width of the executor-id column on the left. */
  private static final int LABEL_PX = 110;
  /** Height of one executor's band. */
  private static final int ROW_PX = 22;
  /** Gap between bands. */
  private static final int GAP_PX = 6;
  /** Height of the time axis at the bottom. */
  private static final int AXIS_PX = 22;
  /** Segments narrower than this carry no level name (it would not fit). */
  private static final int MIN_LABELLED_SEGMENT_PX = 56;
  /** Time ticks on the axis. */
  private static final int AXIS_TICKS = 5;

  private PressureTimelineSvg() {}

  /**
   * The drawing between {@code startMillis} and {@code endMillis}; "no pressure change reported" when there is
   * nothing to draw.
   */
  static String render(List<ExecutorTimeline> executors, List<Action> actions, long startMillis, long endMillis) {
    if (executors.isEmpty()) {
      return "<p>No executor has registered yet.</p>";
    }
    long t0 = startMillis;
    long t1 = Math.max(endMillis, t0 + 1);
    int height = executors.size() * (ROW_PX + GAP_PX) + AXIS_PX;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"spillway-timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH_PX)
        .append("\" height=\"").append(height).append("\" font-family=\"sans-serif\" font-size=\"11\">");
    int row = 0;
    for (ExecutorTimeline timeline : executors) {
      int y = row * (ROW_PX + GAP_PX);
      svg.append("<text x=\"0\" y=\"").append(y + ROW_PX - 7).append("\">executor ")
          .append(Html.text(timeline.executorId(), 12)).append("</text>");
      drawSegments(svg, timeline, y, t0, t1);
      for (Action a : actions) {
        if (a.executorId().equals(timeline.executorId())) {
          drawAction(svg, a, y, t0, t1);
        }
      }
      row++;
    }
    drawAxis(svg, executors.size() * (ROW_PX + GAP_PX), t0, t1);
    return svg.append("</svg>").toString();
  }

  /** From the executor's registration (or the left edge) to its removal (or the right edge). */
  private static void drawSegments(StringBuilder svg, ExecutorTimeline timeline, int y, long t0, long t1) {
    List<LevelChange> changes = timeline.changes();
    long from = timeline.addedMillis() > 0 ? Math.max(t0, timeline.addedMillis()) : t0;
    long end = timeline.removedMillis() > 0 ? Math.min(t1, timeline.removedMillis()) : t1;
    PressureLevel level = changes.isEmpty() ? PressureLevel.NORMAL : changes.get(0).from();
    for (LevelChange c : changes) {
      segment(svg, timeline.executorId(), level, from, c.timeMillis(), y, t0, t1);
      from = c.timeMillis();
      level = c.to();
    }
    segment(svg, timeline.executorId(), level, from, Math.max(from, end), y, t0, t1);
  }

  private static void segment(StringBuilder svg, String executorId, PressureLevel level, long from, long to, int y,
      long t0, long t1) {
    double x0 = x(from, t0, t1);
    double x1 = x(Math.max(from, to), t0, t1);
    svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">",
        x0, y, Math.max(0.5, x1 - x0), ROW_PX, color(level)));
    svg.append("<title>executor ").append(Html.text(executorId, 40)).append(": ").append(level)
        .append(String.format(Locale.ROOT, " from +%.1f s to +%.1f s", (from - t0) / 1000.0, (to - t0) / 1000.0))
        .append("</title></rect>");
    if (x1 - x0 >= MIN_LABELLED_SEGMENT_PX) {
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#222\">%s</text>", x0 + 3,
          y + ROW_PX - 7, level));
    }
  }

  private static void drawAction(StringBuilder svg, Action a, int y, long t0, long t1) {
    double x = x(Math.min(Math.max(a.timeMillis(), t0), t1), t0, t1);
    svg.append(String.format(Locale.ROOT,
        "<circle cx=\"%.1f\" cy=\"%d\" r=\"3.5\" stroke=\"#000\" stroke-width=\"1\" fill=\"%s\">", x, y + ROW_PX - 3,
        a.engaged() ? "#000" : "#fff"));
    svg.append("<title>").append(Html.text(a.action(), 40)).append(a.engaged() ? " engaged" : " undone")
        .append(" at ").append(a.level()).append(String.format(Locale.ROOT, ", +%.1f s: ", (a.timeMillis() - t0) / 1000.0))
        .append(Html.text(a.detail())).append("</title></circle>");
  }

  private static void drawAxis(StringBuilder svg, int y, long t0, long t1) {
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#666\"/>",
        LABEL_PX, y + 2, WIDTH_PX, y + 2));
    for (int i = 0; i <= AXIS_TICKS; i++) {
      long t = t0 + (t1 - t0) * i / AXIS_TICKS;
      double x = x(t, t0, t1);
      String anchor = i == 0 ? "start" : i == AXIS_TICKS ? "end" : "middle";
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" fill=\"#444\">+%.1f s</text>",
          x, y + AXIS_PX - 4, anchor, (t - t0) / 1000.0));
    }
  }

  private static double x(long t, long t0, long t1) {
    double share = Math.min(1.0, Math.max(0.0, (t - t0) / (double) (t1 - t0)));
    return LABEL_PX + share * (WIDTH_PX - LABEL_PX);
  }

  /** The level's colour, also used by the page's legend. */
  static String color(PressureLevel level) {
    return switch (level) {
      case NORMAL -> "#b7e1b0";
      case ELEVATED -> "#f5e08a";
      case HIGH -> "#f6ab5e";
      case CRITICAL -> "#e0584f";
    };
  }
}

package io.spillway.it.harness;

import io.spillway.it.harness.PressureTimeline.ExecutorLane;
import io.spillway.it.harness.PressureTimeline.LevelSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The compact text form of a {@link PressureTimeline} for report.md, one line per executor:
 * {@code exec 1: NORMAL→HIGH at 12.3 s, CRITICAL at 14.0 s; executionBalloon ×3 (1 released); lost at
 * 20.1 s (exit 52)}. Times are seconds since the application start, as on the HTML timeline; "×n" counts
 * engagements and "(m released)" the undos, so a reader sees both how often Spillway stepped in and
 * whether it let go again.
 */
final class PressureTimelineText {

  private PressureTimelineText() {}

  /** One line per lane, in lane order. */
  static List<String> lines(PressureTimeline t) {
    return t.executors().stream().map(PressureTimelineText::line).toList();
  }

  static String line(ExecutorLane lane) {
    StringBuilder s = new StringBuilder("exec ").append(lane.executorId()).append(": ");
    List<LevelSpan> spans = lane.levels();
    if (spans.size() == 1) {
      s.append(spans.get(0).level()).append(" throughout");
    } else {
      s.append(spans.get(0).level()).append('→');
      for (int i = 1; i < spans.size(); i++) {
        s.append(i > 1 ? ", " : "").append(spans.get(i).level()).append(" at ")
            .append(ReportTable.seconds(spans.get(i).fromMillis()));
      }
    }
    List<String> actions = new ArrayList<>();
    Map<String, Integer> released = lane.releasedCounts();
    lane.engagedCounts().forEach((name, n) -> {
      int r = released.getOrDefault(name, 0);
      actions.add(name + " ×" + n + (r > 0 ? " (" + r + " released)" : ""));
    });
    if (!actions.isEmpty()) {
      s.append("; ").append(String.join(", ", actions));
    }
    lane.losses().forEach(l -> s.append("; lost at ").append(ReportTable.seconds(lane.endMillis())).append(" (")
        .append(l.exitCode() == LostExecutor.UNKNOWN_EXIT_CODE ? l.reason() : "exit " + l.exitCode()).append(')'));
    return s.toString();
  }
}

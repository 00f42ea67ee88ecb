package io.spillway.runtime.ui;

import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.ui.SpillwaySummary.Action;
import io.spillway.runtime.ui.SpillwaySummary.ExecutorTimeline;
import io.spillway.runtime.ui.SpillwaySummary.Key;
import io.spillway.runtime.ui.SpillwaySummary.Retry;
import io.spillway.runtime.ui.SpillwaySummary.Shuffle;
import io.spillway.runtime.ui.SpillwaySummary.Stage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Spillway tab's content as an HTML fragment (Spark's page header goes around it): the pressure timeline,
 * the actions, each shuffle's hot keys, per-stage spill and tiered-store figures, retries that ran alone, and the
 * effective settings. Every value from an event goes through {@link Html}, so no key or detail can break the
 * page.
 */
public final class SpillwayPageHtml {

  /** Actions listed on the page, newest first (the JSON form has every one kept). */
  static final int ACTIONS_SHOWN = 200;

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  private SpillwayPageHtml() {}

  /**
   * The fragment for {@code summary}; {@code nowMillis} is the right edge of the timeline while the application
   * runs (the History Server passes the last event's time for an application that never logged its end).
   */
  public static String render(SpillwaySummary summary, long nowMillis, String jsonHref) {
    long start = timelineStart(summary);
    long end = summary.appEndMillis() > 0 ? summary.appEndMillis() : Math.max(nowMillis, summary.lastEventMillis());
    StringBuilder h = new StringBuilder(16 * 1024);
    h.append("<div class=\"spillway\">");
    h.append("<p>What Spillway saw and did in this application, from its events (the same ones the event log "
        + "holds). Machine-readable: <a id=\"spillway-json\" href=\"").append(Html.text(jsonHref))
        .append("\">JSON</a>. Times are UTC.</p>");
    timeline(h, summary, start, end);
    actions(h, summary);
    shuffles(h, summary);
    stages(h, summary);
    retries(h, summary);
    settings(h, summary);
    return h.append("</div>").toString();
  }

  private static void timeline(StringBuilder h, SpillwaySummary s, long start, long end) {
    h.append("<h4 id=\"spillway-pressure\">Heap pressure per executor</h4>");
    h.append("<p>");
    for (PressureLevel level : PressureLevel.values()) {
      h.append("<span style=\"display:inline-block;width:12px;height:12px;margin:0 4px 0 10px;background:")
          .append(PressureTimelineSvg.color(level)).append("\"></span>").append(level);
    }
    h.append(" &nbsp; ● action engaged, ○ undone (hover for details)</p>");
    h.append(PressureTimelineSvg.render(s.executors(), s.actions(), start, end));
    if (s.executorsDropped() > 0) {
      h.append("<p>").append(s.executorsDropped()).append(" more executors not drawn.</p>");
    }
    if (s.executors().isEmpty()) {
      return;
    }
    if (s.executors().stream().allMatch(t -> t.changes().isEmpty())) {
      h.append("<p>No executor reported a pressure change: every executor stayed NORMAL (or the monitor is off).</p>");
    }
    h.append("<table class=\"table table-bordered table-sm\" id=\"spillway-executors\"><thead><tr><th>Executor</th>"
        + "<th>Level now</th><th>Peak level</th><th>Changes</th><th>Last change</th></tr></thead><tbody>");
    for (ExecutorTimeline t : s.executors()) {
      var last = t.changes().isEmpty() ? null : t.changes().get(t.changes().size() - 1);
      h.append("<tr><td>").append(Html.text(t.executorId())).append("</td><td>")
          .append(last == null ? PressureLevel.NORMAL : last.to()).append("</td><td>").append(t.peakLevel())
          .append("</td><td>").append(t.changes().size() + t.changesDropped()).append("</td><td>");
      if (last != null) {
        h.append(last.from()).append(" → ").append(last.to()).append(" at ").append(clock(last.timeMillis()))
            .append(String.format(Locale.ROOT, " (old gen %.0f %%, GC time %.0f %%)",
                100 * last.oldGenOccupancyRatio(), 100 * last.gcTimeRatio()));
      }
      h.append("</td></tr>");
    }
    h.append("</tbody></table>");
  }

  private static void actions(StringBuilder h, SpillwaySummary s) {
    long total = s.actions().size() + s.actionsDropped();
    h.append("<h4 id=\"spillway-actions\">Actions (").append(total).append(")</h4>");
    if (s.actions().isEmpty()) {
      h.append("<p>No pressure action was taken.</p>");
      return;
    }
    if (total > ACTIONS_SHOWN) {
      h.append("<p>The newest ").append(ACTIONS_SHOWN).append(" of ").append(total).append(".</p>");
    }
    h.append("<table class=\"table table-bordered table-sm\"><thead><tr><th>When</th><th>Executor</th><th>Action</th>"
        + "<th>Level</th><th>What, how much</th></tr></thead><tbody>");
    List<Action> actions = s.actions();
    for (int i = actions.size() - 1; i >= Math.max(0, actions.size() - ACTIONS_SHOWN); i--) {
      Action a = actions.get(i);
      h.append("<tr><td>").append(clock(a.timeMillis())).append("</td><td>").append(Html.text(a.executorId()))
          .append("</td><td>").append(Html.text(a.action())).append(a.engaged() ? " engaged" : " undone")
          .append("</td><td>").append(a.level()).append("</td><td>").append(Html.text(a.detail()))
          .append("</td></tr>");
    }
    h.append("</tbody></table>");
  }

  private static void shuffles(StringBuilder h, SpillwaySummary s) {
    h.append("<h4 id=\"spillway-skew\">Hot keys per shuffle</h4>");
    if (s.shuffles().isEmpty()) {
      h.append("<p>No shuffle skew report yet.</p>");
      return;
    }
    if (s.shufflesDropped() > 0) {
      h.append("<p>").append(s.shufflesDropped()).append(" older reports not kept.</p>");
    }
    for (Shuffle sh : s.shuffles()) {
      h.append("<div class=\"spillway-shuffle\" id=\"spillway-shuffle-").append(sh.shuffleId()).append("\"><h5>Shuffle ")
          .append(sh.shuffleId()).append(": ").append(Html.text(sh.operation())).append("</h5><p>")
          .append(Html.text(sh.callSite())).append(String.format(Locale.ROOT,
              "<br>%,d records, ~%,d bytes, %d map tasks (%d reported) → %d partitions", sh.records(), sh.bytes(),
              sh.numMaps(), sh.mapsReported(), sh.numReducePartitions()))
          .append("</p><table class=\"table table-bordered table-sm\"><thead><tr><th>Key</th><th>Partition</th>"
              + "<th>Records</th><th>Share of records</th><th>Share of bytes</th><th>× a partition</th><th>Hot</th>"
              + "</tr></thead><tbody>");
      for (Key k : sh.keys()) {
        h.append("<tr").append(k.hot() ? " class=\"spillway-hot\" style=\"font-weight:bold\"" : "").append("><td><code>")
            .append(Html.text(k.key())).append("</code></td><td>").append(k.partition()).append("</td><td>")
            .append(String.format(Locale.ROOT, "%,d</td><td>%.1f %%</td><td>%.1f %%</td><td>%.1f</td><td>%s</td></tr>",
                k.records(), 100 * k.recordsShare(), 100 * k.bytesShare(), k.partitionLoad(), k.hot() ? "HOT" : ""));
      }
      h.append("</tbody></table>");
      if (!sh.remedy().isEmpty()) {
        h.append("<p class=\"spillway-remedy\"><b>Remedy:</b> ").append(Html.text(sh.remedy(), 2000)).append("</p>");
      }
      h.append("</div>");
    }
  }

  private static void stages(StringBuilder h, SpillwaySummary s) {
    h.append("<h4 id=\"spillway-stages\">Spill and tiered store per stage</h4>");
    List<Stage> shown = s.stages().stream()
        .filter(st -> st.memoryBytesSpilled() > 0 || st.diskBytesSpilled() > 0 || st.tiered() != null
            || st.groupSpill() != null).toList();
    h.append("<p>Spilled bytes are Spark's task counters, which include what Spillway's group-spill store and "
        + "measured maps wrote. ").append(s.stages().size() - shown.size()).append(" stage attempts without spill "
        + "or tiered store are not listed.</p>");
    if (shown.isEmpty()) {
      return;
    }
    h.append("<table class=\"table table-bordered table-sm\"><thead><tr><th>Stage</th><th>Name</th><th>Tasks (failed)"
        + "</th><th>Spilled (memory)</th><th>Spilled (disk)</th><th>Groups streamed to disk</th><th>Tiered store</th>"
        + "</tr></thead><tbody>");
    for (Stage st : shown) {
      h.append("<tr><td>").append(st.stageId()).append('.').append(st.attempt()).append("</td><td>")
          .append(Html.text(st.name())).append("</td><td>").append(st.tasks()).append(" (").append(st.failedTasks())
          .append(")</td><td>").append(bytes(st.memoryBytesSpilled())).append("</td><td>")
          .append(bytes(st.diskBytesSpilled())).append("</td><td class=\"spillway-groups-spilled\">");
      if (st.groupSpill() != null) {
        h.append(String.format(Locale.ROOT, "%,d group%s (%,d values, %s) in %d task%s", st.groupSpill().groups(),
            st.groupSpill().groups() == 1 ? "" : "s", st.groupSpill().values(), bytes(st.groupSpill().bytes()),
            st.groupSpill().tasks(), st.groupSpill().tasks() == 1 ? "" : "s"));
      }
      h.append("</td><td>");
      if (st.tiered() != null) {
        h.append(String.format(Locale.ROOT, "%d tasks, %,d records merged, heap-tier hit rate %.1f %%, %,d misses, "
            + "%,d evictions, %s written off heap", st.tiered().tasks(), st.tiered().recordsMerged(),
            100 * st.tiered().heapTierHitRate(), st.tiered().misses(), st.tiered().evictions(),
            bytes(st.tiered().bytesWrittenOffHeap())));
      }
      h.append("</td></tr>");
    }
    h.append("</tbody></table>");
  }

  private static void retries(StringBuilder h, SpillwaySummary s) {
    if (s.retries().isEmpty()) {
      return;
    }
    h.append("<h4 id=\"spillway-retries\">Retries that ran alone after an out-of-memory failure</h4>"
        + "<table class=\"table table-bordered table-sm\"><thead><tr><th>When</th><th>Executor</th><th>Task</th>"
        + "<th>Why</th><th>Waited</th><th>Succeeded</th></tr></thead><tbody>");
    for (Retry r : s.retries()) {
      h.append("<tr><td>").append(clock(r.timeMillis())).append("</td><td>").append(Html.text(r.executorId()))
          .append("</td><td>stage ").append(r.stageId()).append(", partition ").append(r.partitionId())
          .append(", attempt ").append(r.attemptNumber()).append("</td><td>").append(Html.text(r.cause()))
          .append("</td><td>").append(r.waitedMillis()).append(" ms</td><td>").append(r.succeeded())
          .append("</td></tr>");
    }
    h.append("</tbody></table>");
  }

  private static void settings(StringBuilder h, SpillwaySummary s) {
    h.append("<h4 id=\"spillway-settings\">Effective settings</h4><table class=\"table table-bordered table-sm\">"
        + "<thead><tr><th>Key</th><th>Value</th></tr></thead><tbody>");
    for (Map.Entry<String, String> e : new TreeMap<>(s.settings()).entrySet()) {
      h.append("<tr><td>").append(Html.text(e.getKey())).append("</td><td>").append(Html.text(e.getValue()))
          .append("</td></tr>");
    }
    h.append("</tbody></table>");
  }

  /** The timeline's left edge: the application's start, else the first registration, change or action. */
  private static long timelineStart(SpillwaySummary s) {
    if (s.appStartMillis() > 0) {
      return s.appStartMillis();
    }
    long first = Long.MAX_VALUE;
    for (ExecutorTimeline t : s.executors()) {
      if (t.addedMillis() > 0) {
        first = Math.min(first, t.addedMillis());
      }
      if (!t.changes().isEmpty()) {
        first = Math.min(first, t.changes().get(0).timeMillis());
      }
    }
    for (Action a : s.actions()) {
      first = Math.min(first, a.timeMillis());
    }
    return first == Long.MAX_VALUE ? 0 : first;
  }

  private static String clock(long millis) {
    return CLOCK.format(Instant.ofEpochMilli(millis));
  }

  private static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    if (b < 1024L * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    }
    if (b < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GiB", b / (1024.0 * 1024 * 1024));
  }
}

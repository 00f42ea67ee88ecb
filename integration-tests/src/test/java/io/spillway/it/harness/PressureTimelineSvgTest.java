package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PressureTimelineSvgTest {

  @TempDir
  Path tmp;

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void render_sample_hasALanePerExecutorAndAMarkerPerAction() {
    PressureTimeline t = PressureTimelineTest.sample();
    String svg = PressureTimelineSvg.render(t, "S1 spillway");
    assertThat(svg).startsWith("<svg").endsWith("</svg>\n");
    assertThat(count(svg, "<g class=\"lane\" data-executor=\"")).isEqualTo(3);
    assertThat(svg).contains("data-executor=\"0\"", "data-executor=\"1\"", "data-executor=\"2\"");
    long engaged = t.executors().stream().flatMap(l -> l.actions().stream()).filter(a -> a.engaged()).count();
    long released = t.executors().stream().flatMap(l -> l.actions().stream()).filter(a -> !a.engaged()).count();
    assertThat(count(svg, "class=\"action engaged\"")).isEqualTo(engaged).isEqualTo(5);
    assertThat(count(svg, "class=\"action released\"")).isEqualTo(released).isEqualTo(2);
    assertThat(count(svg, "class=\"level\"")).isEqualTo(3 + 4 + 1); // exec 0, 1, 2
  }

  @Test
  void render_sample_titlesNameActionsAndLossAndLegendNamesEveryAction() {
    String svg = PressureTimelineSvg.render(PressureTimelineTest.sample(), "S1 spillway");
    assertThat(svg).contains("<title>exec 0: storageDemotion released at 16.0 s (NORMAL): storageDemotion detail"
        + "</title>");
    assertThat(svg).contains("<title>exec 1: CRITICAL from 14.0 s to 20.0 s (6.0 s)</title>");
    assertThat(count(svg, "<g class=\"loss\"")).isEqualTo(1);
    assertThat(svg).contains("<title>exec 1 lost at 20.0 s: Command exited with code 52</title>");
    assertThat(count(svg, "class=\"legend-action\"")).isEqualTo(3);
    assertThat(svg).contains(">fetchThrottle</text>").contains(PressureTimelineSvg.LEVEL_COLORS.values());
  }

  private static RunRecord run(String mode, EventLogMetrics m) {
    return new RunRecord("S6", "title", mode, Outcome.OK, "", 30_000, 0, "1", "1", "", "runs/S6-" + mode, m);
  }

  private static EventLogMetrics withEvents() {
    return new EventLogMetrics("app", 1, 0, 1, 0, 0, 0, Map.of(), 0, PressureTimelineTest.LOST, 0, 0, 1, 0, "",
        Map.of("0", 7, "1", 5), PressureTimelineTest.events(), 0, PressureTimelineTest.times());
  }

  @Test
  void reports_onlyRunsWithSpillwayEvents_getATimeline() {
    AbReport report = new AbReport("2026-11-27T12:00:00Z", Map.of(), List.of(), Map.of(),
        List.of(run("stock", EventLogMetrics.NONE), run("spillway", withEvents())));
    String html = HtmlReport.render(report);
    assertThat(html).contains("<h2>Pressure timelines</h2>").contains("<h3>S6 spillway: ok</h3>")
        .doesNotContain("<h3>S6 stock");
    assertThat(count(html, "<g class=\"lane\"")).isEqualTo(3);
    String md = MarkdownReport.render(report);
    assertThat(md).contains("## Pressure timelines").contains("**S6 spillway** (ok)")
        .contains("- exec 1: NORMAL→ELEVATED at 10.0 s, HIGH at 12.4 s, CRITICAL at 14.0 s;")
        .doesNotContain("**S6 stock**");
  }

  @Test
  void reports_noRunWithSpillwayEvents_haveNoTimelineSection() {
    AbReport report = new AbReport("2026-11-27T12:00:00Z", Map.of(), List.of(), Map.of(),
        List.of(run("stock", EventLogMetrics.NONE)));
    assertThat(HtmlReport.render(report)).doesNotContain("Pressure timelines");
    assertThat(MarkdownReport.render(report)).doesNotContain("Pressure timelines");
  }

  @Test
  void write_json_keepsRawEventsAndDerivedTimelineAndReadsBack() throws Exception {
    AbReport report = new AbReport("2026-11-27T12:00:00Z", Map.of(), List.of(), Map.of(),
        List.of(run("spillway", withEvents())));
    ReportWriter.write(report, tmp);
    var json = ReportWriter.JSON.readTree(tmp.resolve("report.json").toFile());
    var metrics = json.path("runs").get(0).path("metrics");
    assertThat(metrics.path("spillwayEvents")).hasSize(12);
    assertThat(metrics.path("times").path("applicationStartMillis").asLong()).isEqualTo(PressureTimelineTest.T0);
    var lanes = metrics.path("pressureTimeline").path("executors");
    assertThat(lanes).hasSize(3);
    assertThat(lanes.get(1).path("levels").get(3).path("level").asText()).isEqualTo("CRITICAL");
    assertThat(lanes.get(1).path("millisAtLevel").path("CRITICAL").asLong()).isEqualTo(6_000);
    assertThat(lanes.get(1).path("losses").get(0).path("exitCode").asInt()).isEqualTo(52);
    assertThat(ReportWriter.read(tmp.resolve("report.json"))).isEqualTo(report);
    assertThat(Files.readString(tmp.resolve("report.md"))).contains("exec 2: NORMAL throughout");
  }
}

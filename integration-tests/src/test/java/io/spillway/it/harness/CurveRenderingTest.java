package io.spillway.it.harness;

import static io.spillway.it.harness.CurveSeriesTest.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveRenderingTest {

  @TempDir
  Path tmp;

  /** Stock: ok at 2g and 1g, OOM at 512m and 384m, error at 256m. */
  private static CurveSeries stock() {
    return series("stock", new Outcome[] {Outcome.OK, Outcome.OK, Outcome.OOM, Outcome.OOM, Outcome.ERROR},
        new long[] {20_000, 24_000, 31_000, 29_000, 6_000});
  }

  /** Spillway: ok everywhere but a timeout at 384m. */
  private static CurveSeries spillway() {
    return series("spillway", new Outcome[] {Outcome.OK, Outcome.OK, Outcome.OK, Outcome.TIMEOUT, Outcome.OK},
        new long[] {22_000, 23_000, 26_000, 300_000, 50_000});
  }

  private static CurveReport report(List<CurveSeries> series) {
    return new CurveReport("2026-11-27T17:00:00Z", Map.of("executor memory", "2g,1g,512m,384m,256m"),
        List.of("spark.testing.reservedMemory=134217728"), Map.of("cores", "2"), CurveReport.MAX_RATIO, series);
  }

  private static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void svg_hasAPointPerCorrectRunAndAFailureMarkPerFailedRun() {
    String svg = CurveSvg.render("S1", List.of(stock(), spillway()), 3.0);

    assertThat(count(svg, "class=\"point\"")).isEqualTo(2 + 4);
    assertThat(count(svg, "class=\"failure\"")).isEqualTo(3 + 1);
    assertThat(count(svg, "class=\"point\" data-mode=\"stock\"")).isEqualTo(2);
    assertThat(count(svg, "class=\"failure\" data-mode=\"spillway\" data-memory=\"384m\" data-outcome=\"timeout\""))
        .isEqualTo(1);
    assertThat(svg).contains(">stock: OOM</text>", ">stock: error</text>", ">spillway: timeout</text>");
  }

  @Test
  void svg_memoriesRunLargestLeftWithTheScaleNamed() {
    String svg = CurveSvg.render("S1", List.of(spillway()), 3.0);

    assertThat(svg.indexOf(">2g</text>")).isLessThan(svg.indexOf(">1g</text>"));
    assertThat(svg.indexOf(">384m</text>")).isLessThan(svg.indexOf(">256m</text>"));
    assertThat(svg).contains("ordinal scale, largest left");
  }

  @Test
  void svg_aFailedRunBreaksTheLine() {
    String svg = CurveSvg.render("S1", List.of(spillway()), 3.0);

    // 2g-1g-512m, then 256m alone after the timeout at 384m: one polyline, the lone point is not a line.
    assertThat(count(svg, "<polyline class=\"curve\"")).isEqualTo(1);
    assertThat(count(svg, "<polyline class=\"curve\" data-mode=\"spillway\"")).isEqualTo(1);
  }

  @Test
  void svg_boundLineIsAtMaxRatioTimesTheLargestMemorysTime() {
    String svg = CurveSvg.render("S1", List.of(stock(), spillway()), 3.0);

    assertThat(svg).contains("stock bound: 3× its time at 2g = 60.0 s", "spillway bound: 3× its time at 2g = 66.0 s");
    assertThat(CurveSvg.yMaxSeconds(List.of(stock(), spillway()), 3.0)).isEqualTo(100.0);
  }

  @Test
  void svg_everyRunFailed_drawsOnlyFailureMarksAndAFiniteAxis() {
    Outcome[] failed = {Outcome.OOM, Outcome.OOM, Outcome.ERROR, Outcome.WRONG, Outcome.TIMEOUT};
    String svg = CurveSvg.render("S1", List.of(series("stock", failed, new long[] {0, 1, 2, 3, 4})), 3.0);

    assertThat(count(svg, "class=\"point\"")).isZero();
    assertThat(count(svg, "class=\"failure\"")).isEqualTo(5);
    assertThat(svg).doesNotContain("NaN", "Infinity", "<polyline", "class=\"bound\"");
    assertThat(svg).contains(">stock: wrong result</text>");
  }

  @Test
  void svg_awkwardCaseIdAndOutcomeText_areEscaped() {
    RunRecord nasty = new RunRecord("S<1>&\"x\"", "t", "spillway", Outcome.ERROR, "<script>alert('x')</script>",
        1000, 1, "", "", "boom", "runs/x", EventLogMetrics.NONE);
    CurveSeries s = new CurveSeries("S<1>&\"x\"", "t", "spillway", List.of(new CurvePoint("1g", 1024,
        CurveSeriesTest.run("spillway", Outcome.OK, 1000)), new CurvePoint("256m", 256, nasty)));

    String svg = CurveSvg.render(s.caseId(), List.of(s), 3.0);

    assertThat(svg).doesNotContain("<script>", "S<1>").contains("&lt;script&gt;", "S&lt;1&gt;&amp;&quot;x&quot;");
    assertThat(count(svg, "class=\"failure\"")).isEqualTo(1);
  }

  @Test
  void isLowest_onlyTheFasterOfTwoCorrectRunsAtAMemory() {
    CurveSeries stock = stock();
    CurveSeries spillway = spillway();
    List<CurveSeries> both = List.of(stock, spillway);

    assertThat(CurveSvg.isLowest(both, stock.points().get(0))).isTrue(); // 20 s against 22 s at 2g
    assertThat(CurveSvg.isLowest(both, spillway.points().get(0))).isFalse();
    assertThat(CurveSvg.isLowest(both, spillway.points().get(2))).isFalse(); // stock failed at 512m
    assertThat(CurveSvg.isLowest(List.of(spillway), spillway.points().get(0))).isFalse();
  }

  @Test
  void tidyCeiling_roundsUpToOneTwoTwoAndAHalfOrFive() {
    assertThat(CurveSvg.tidyCeiling(0)).isEqualTo(1);
    assertThat(CurveSvg.tidyCeiling(66)).isEqualTo(100);
    assertThat(CurveSvg.tidyCeiling(60)).isEqualTo(100);
    assertThat(CurveSvg.tidyCeiling(21)).isEqualTo(25);
    assertThat(CurveSvg.tidyCeiling(150)).isEqualTo(200);
    assertThat(CurveSvg.tidyCeiling(200)).isEqualTo(200);
    assertThat(CurveSvg.tidyCeiling(4.2)).isEqualTo(5);
  }

  @Test
  void markdown_showsTheVerdictPerModeAndEveryRun() {
    CurveSeries fine = series("spillway", new Outcome[] {Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK},
        new long[] {20_000, 21_000, 24_000, 30_000, 50_000});
    String md = CurveMarkdown.render(report(List.of(stock(), fine)));

    assertThat(md).contains("at most 3× the wall time at the largest");
    assertThat(md).contains("| S1 | stock | 2g | 20.0 s | 256m | error, 6.0 s | n/a | FAILED: 512m ended OOM "
        + "(2 executors lost, exit 52); 3 of 5 runs failed |");
    assertThat(md).contains("| S1 | spillway | 2g | 20.0 s | 256m | 50.0 s | 2.50× | ok: 2.50× ≤ 3× |");
    assertThat(md).contains("| S1 | 256m | spillway | ok | 50.0 s | 0 | 0.0 s (0%) | n/a | 2.50× |");
    assertThat(md).contains("| S1 | 384m | stock | OOM (2 executors lost, exit 52) | 29.0 s | 0 |");
    assertThat(md).contains("- `spark.testing.reservedMemory=134217728`");
    assertThat(md).doesNotContain("Note: reserved memory");
  }

  @Test
  void markdownAndHtml_repeatTheReserveTheHarnessSetUpFront() {
    CurveReport r = new CurveReport("2026-11-27T17:00:00Z", Map.of(CurveHarness.RESERVED_MEMORY_SETTING,
        "spark.testing.reservedMemory=134217728 (128.0 MiB) set by the harness <both modes>"), List.of(), Map.of(),
        3.0, List.of(stock()));

    assertThat(CurveMarkdown.render(r)).contains("Note: reserved memory spark.testing.reservedMemory=134217728 "
        + "(128.0 MiB) set by the harness &lt;both modes&gt;.");
    assertThat(CurveHtml.render(r)).contains("<p><strong>Note:</strong> reserved memory "
        + "spark.testing.reservedMemory=134217728 (128.0 MiB) set by the harness &lt;both modes&gt;.</p>");
  }

  @Test
  void html_hasAChartPerCaseAndMarksPassAndFail() {
    CurveSeries fine = series("spillway", new Outcome[] {Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK},
        new long[] {20_000, 21_000, 24_000, 30_000, 50_000});
    String html = CurveHtml.render(report(List.of(stock(), fine)));

    assertThat(count(html, "<svg ")).isEqualTo(1);
    assertThat(html).contains("<td class=\"fail\">FAILED: 512m", "<td class=\"pass\">ok: 2.50× ≤ 3×</td>");
    assertThat(html).contains("largest memory on the left").doesNotContain("<script");
  }

  @Test
  void write_thenRead_roundTripsTheReportWithDerivedFigures() throws Exception {
    CurveReport r = report(List.of(stock(), spillway()));
    CurveReportWriter.write(r, tmp);

    assertThat(Files.readString(tmp.resolve("report.json"))).contains("\"maxRatio\" : 3.0")
        .contains("\"ratio\" : null").contains("\"memoryMiB\" : 256");
    assertThat(Files.readString(tmp.resolve("report.md"))).startsWith("# Spillway degradation curve");
    assertThat(Files.readString(tmp.resolve("report.html"))).startsWith("<!DOCTYPE html>");
    CurveReport back = CurveReportWriter.read(tmp.resolve("report.json"));
    assertThat(back).isEqualTo(r);
    assertThat(back.series().get(0).points()).hasSize(5);
    assertThat(back.series().get(1).points().get(0).run().wallMillis()).isEqualTo(22_000);
    assertThat(spillway().ratio()).isCloseTo(50.0 / 22.0, within(1e-12));
  }
}

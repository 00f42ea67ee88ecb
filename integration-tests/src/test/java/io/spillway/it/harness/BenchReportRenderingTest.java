package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportRenderingTest {

  @TempDir
  Path tmp;

  private static RunRecord run(String id, String mode, Outcome outcome, long wallMillis) {
    return new RunRecord(id, "title of " + id, mode, outcome, outcome == Outcome.OK ? "" : "1 executor lost, exit 52",
        wallMillis, 0, "42", outcome == Outcome.WRONG ? "41" : "42", "", "runs/pair1/" + id + "-" + mode,
        EventLogMetrics.NONE);
  }

  private static BenchPair pair(int n, String id, long stockMillis, long spillwayMillis) {
    return new BenchPair(n, BenchPlan.sidesOfPair(n).get(0), run(id, "stock", Outcome.OK, stockMillis),
        run(id, "spillway", Outcome.OK, spillwayMillis));
  }

  private static BenchReport report(List<BenchCase> cases) {
    return new BenchReport("2026-11-27T15:00:00Z", Map.of("pairs", "3", "executor memory", "4g"),
        List.of("spark.shuffle.manager=io.spillway.shuffle.SpillwayShuffleManager (spillway only)"),
        Map.of("cores", "2"), BenchReport.TARGET_MEDIAN_RATIO, cases);
  }

  /** B1 within the target (ratios 1.000, 1.050, 0.990 → median 1.000); B2 above it (1.030, 1.040, 1.100). */
  private static BenchReport passingAndSlow() {
    BenchCase b1 = new BenchCase("B1", "uniform reduceByKey",
        List.of(pair(1, "B1", 30_000, 30_000), pair(2, "B1", 20_000, 21_000), pair(3, "B1", 30_000, 29_700)));
    BenchCase b2 = new BenchCase("B2", "uniform sortByKey",
        List.of(pair(1, "B2", 10_000, 10_300), pair(2, "B2", 10_000, 10_400), pair(3, "B2", 10_000, 11_000)));
    return report(List.of(b1, b2));
  }

  @Test
  void benchCase_medianMinMaxAndVerdict() {
    BenchReport r = passingAndSlow();
    BenchCase b1 = r.cases().get(0);
    BenchCase b2 = r.cases().get(1);

    assertThat(b1.medianRatio()).isEqualTo(1.0);
    assertThat(b1.minRatio()).isCloseTo(0.99, within(1e-12));
    assertThat(b1.maxRatio()).isCloseTo(1.05, within(1e-12));
    assertThat(b1.medianStockMillis()).isEqualTo(30_000);
    assertThat(b1.meets(1.02)).isTrue();
    assertThat(b2.medianRatio()).isCloseTo(1.04, within(1e-12));
    assertThat(b2.meets(1.02)).isFalse();
    assertThat(r.allCorrect()).isTrue();
    assertThat(r.meetsTarget()).isFalse();
  }

  @Test
  void summaryTable_showsRatiosToThreeDecimalsAndTheVerdict() {
    String md = BenchMarkdown.summaryTable(passingAndSlow());

    assertThat(md.lines()).hasSize(4);
    assertThat(md).contains("| B1 | 3/3 | 1.000 | 0.990 | 1.050 | 30.0 s | 29.7 s | ok (≤ 1.020) |");
    assertThat(md).contains("| B2 | 3/3 | 1.040 | 1.030 | 1.100 | 10.0 s | 10.4 s | above 1.020 |");
  }

  @Test
  void pairsTable_showsEachPairWithTheSideThatWentFirst() {
    String md = BenchMarkdown.pairsTable(passingAndSlow());

    assertThat(md.lines()).hasSize(8);
    assertThat(md).contains("| B1 | 1 | stock | 30.0 s | 30.0 s | 1.000 |");
    assertThat(md).contains("| B1 | 2 | spillway | 20.0 s | 21.0 s | 1.050 |");
  }

  @Test
  void render_aFailedRun_failsTheCaseAndTheReportAndKeepsTheOtherPairsRatios() {
    BenchPair failed = new BenchPair(2, "spillway", run("S10", "stock", Outcome.OK, 90_000),
        run("S10", "spillway", Outcome.OOM, 50_000));
    BenchCase s10 = new BenchCase("S10", "sort", List.of(pair(1, "S10", 90_000, 91_000), failed));
    BenchReport r = report(List.of(s10));

    assertThat(failed.ratio()).isNull();
    assertThat(s10.ratios()).hasSize(1);
    assertThat(r.allCorrect()).isFalse();
    String md = BenchMarkdown.render(r);
    assertThat(md).contains("**FAILED: not every run finished with the expected answer")
        .contains("| S10 | 1/2 | 1.011 | 1.011 | 1.011 | 90.0 s | 91.0 s | FAILED (a run was not correct) |")
        .contains("| S10 | 2 | spillway | 90.0 s | OOM (1 executor lost, exit 52), 50.0 s | n/a |")
        .contains("- `spark.shuffle.manager=io.spillway.shuffle.SpillwayShuffleManager (spillway only)`")
        .contains("- executor memory: 4g");
  }

  @Test
  void render_allCorrectWithinTarget_saysSo() {
    BenchReport r = report(List.of(new BenchCase("B1", "t", List.of(pair(1, "B1", 10_000, 10_100)))));

    assertThat(BenchMarkdown.overall(r)).isEqualTo("Every run correct; every case's median ratio is within 1.020.");
  }

  @Test
  void write_thenRead_roundTripsTheReportWithDerivedFigures() throws Exception {
    BenchReport r = passingAndSlow();
    BenchReportWriter.write(r, tmp);

    String json = Files.readString(tmp.resolve("report.json"));
    assertThat(json).contains("\"medianRatio\" : 1.0").contains("\"targetMedianRatio\" : 1.02")
        .contains("\"firstMode\" : \"spillway\"");
    assertThat(Files.readString(tmp.resolve("report.md"))).startsWith("# Spillway no-pressure benchmark");
    assertThat(BenchReportWriter.read(tmp.resolve("report.json"))).isEqualTo(r);
  }

  @Test
  void html_drawsEveryPairAndTheMedianPerCaseWithItsSpread() throws Exception {
    BenchReportWriter.write(passingAndSlow(), tmp);
    String html = Files.readString(tmp.resolve("report.html"));

    assertThat(html.split("<circle", -1)).hasSize(6 + 1);
    assertThat(html).contains("<title>1.050</title>").contains("<title>1.100</title>")
        .contains("median 1.000 (0.990–1.050), 3 pairs").contains("median 1.040 (1.030–1.100), 3 pairs")
        .contains(">1.02</text>");
  }

  @Test
  void pair_bothSidesOkButDifferentAnswers_isNotCorrectAndHasNoRatio() {
    RunRecord stock = run("H1", "stock", Outcome.OK, 10_000);
    RunRecord other = new RunRecord("H1", "t", "spillway", Outcome.OK, "", 10_000, 0, "(same as stock)", "41", "",
        "", EventLogMetrics.NONE);

    BenchPair p = new BenchPair(1, "stock", stock, other);
    assertThat(p.correct()).isFalse();
    assertThat(p.ratio()).isNull();
  }

  @Test
  void pair_timesTheJobsFromTheEventLogWhenItHasThem() {
    EventLogTimes stockTimes = new EventLogTimes(0, 0, Map.of(), Map.of(), 8_000);
    EventLogTimes spillwayTimes = new EventLogTimes(0, 0, Map.of(), Map.of(), 8_400);
    RunRecord stock = withTimes(run("B1", "stock", Outcome.OK, 30_000), stockTimes);
    RunRecord spillway = withTimes(run("B1", "spillway", Outcome.OK, 30_000), spillwayTimes);

    assertThat(new BenchPair(1, "stock", stock, spillway).ratio()).isCloseTo(1.05, within(1e-9));
  }

  private static RunRecord withTimes(RunRecord r, EventLogTimes times) {
    EventLogMetrics m = EventLogMetrics.NONE;
    EventLogMetrics timed = new EventLogMetrics(m.appId(), m.tasks(), m.failedTasks(), m.executorRunTimeMillis(),
        m.jvmGcTimeMillis(), m.memoryBytesSpilled(), m.diskBytesSpilled(), m.peakHeapBytesByExecutor(),
        m.driverPeakHeapBytes(), m.lostExecutors(), m.executorLostFailures(), m.taskOomFailures(), m.jobsSucceeded(),
        m.jobsFailed(), m.firstJobFailure(), m.spillwayEventsByExecutor(), m.spillwayEvents(), m.malformedLines(),
        times);
    return new RunRecord(r.caseId(), r.title(), r.mode(), r.outcome(), r.detail(), r.wallMillis(), r.exitCode(),
        r.expected(), r.actual(), r.error(), r.runDir(), timed);
  }
}

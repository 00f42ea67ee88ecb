package io.spillway.it.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code spillway bench}: the no-pressure benchmark. Runs each case as interleaved stock/Spillway
 * pairs ({@link BenchPlan}) with the same machinery as {@code spillway ab} — one driver JVM per run
 * ({@link CaseRunCommand}), one folder per run ({@link RunFolder}), the same judging — and reports per pair
 * the two wall times and their ratio, per case the median, min and max ratio ({@link BenchCase}).
 *
 * <p>Why pairs measured in one sitting: the machine is noisy, so only times taken side by side compare. A
 * wrong or failed run fails the benchmark (exit 1): overhead measured on a run that did not do the work is
 * not overhead.
 */
public final class BenchHarness {

  private BenchHarness() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", AbHarness.LOG4J_CONFIG);
    }
    if (args.length > 0 && List.of("-h", "--help", "help").contains(args[0])) {
      System.out.println(BenchOptions.USAGE);
      return;
    }
    Path repoRoot = Path.of(System.getProperty("spillway.home", ".")).toAbsolutePath().normalize();
    BenchReport report;
    BenchOptions o;
    try {
      o = BenchOptions.parse(args, repoRoot);
      report = run(o, repoRoot, System.out);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("spillway bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    BenchReportWriter.write(report, o.ab().out());
    System.out.println();
    System.out.print(BenchMarkdown.summaryTable(report));
    System.out.println();
    System.out.print(BenchMarkdown.pairsTable(report));
    System.out.println();
    System.out.println(BenchMarkdown.overall(report));
    System.out.println("Report: " + o.ab().out().resolve("report.md") + " (also report.json)");
    if (!report.allCorrect()) {
      System.err.println("spillway bench: FAILED — a run did not finish with the expected answer; see "
          + o.ab().out().resolve("report.md") + " and the runs' driver logs under " + o.ab().out().resolve("runs"));
      System.exit(1);
    }
  }

  /**
   * One untimed stock run of each workload that prepares its input ({@link io.spillway.it.cases.OomCase#preparesInput}),
   * before any pair: otherwise pair 1's first side would pay for the input and run the query on executors the
   * preparation warmed. A failed preparation fails the benchmark before the pairs.
   */
  private static void prepareInputs(AbOptions ab, List<String> ids, Map<String, String> titles, Map<String, String> env,
      List<String> spillwaySettings, PrintStream progress) throws IOException, InterruptedException {
    if (!ab.runnerMain().equals(CaseRunner.class.getName())) {
      return;
    }
    for (io.spillway.it.cases.OomCase c : io.spillway.it.cases.Cases.byIds(String.join(",", ids))) {
      if (!c.preparesInput()) {
        continue;
      }
      progress.printf("[prepare] %s stock (untimed) … ", c.id());
      progress.flush();
      RunRecord rec = AbHarness.runOne(ab, RunFolder.ofPreparation(ab.out(), c.id(), "stock"), c.id(),
          titles.getOrDefault(c.id(), ""), "stock", env, spillwaySettings);
      progress.println(rec.outcomeText() + " " + ReportTable.seconds(rec.wallMillis()));
      if (rec.outcome() != Outcome.OK) {
        throw new IllegalStateException("preparing the input of " + c.id() + " failed (" + rec.outcomeText()
            + "); see " + ab.out().resolve("runs/prepare"));
      }
    }
  }

  /** Runs every pair of every case and returns the report. */
  static BenchReport run(BenchOptions o, Path repoRoot, PrintStream progress) throws IOException, InterruptedException {
    AbOptions ab = o.ab();
    Path sparkHome = AbHarness.checkedSparkHome(ab, repoRoot);
    Map<String, String> titles = AbHarness.caseTitles(ab);
    List<String> ids = ab.cases();
    Map<String, String> env = AbHarness.childEnv(sparkHome);
    List<String> spillwaySettings = SpillwayDefaults.caseRunSettings(repoRoot.resolve("conf/spark-defaults.conf"));
    // The settings are worked out before any run, so that a problem there fails in seconds, not after the runs.
    System.setProperty("spillway.sparkHome", sparkHome.toString());
    List<String> nonDefault = AbHarness.nonDefault(ab, ids, spillwaySettings);
    prepareInputs(ab, ids, titles, env, spillwaySettings, progress);
    List<BenchPlan.Run> plan = BenchPlan.runs(ids, o.pairs());
    Map<String, RunRecord> done = new HashMap<>();
    int n = 0;
    for (BenchPlan.Run r : plan) {
      n++;
      progress.printf("[%d/%d] pair %d %s %s … ", n, plan.size(), r.pair(), r.caseId(), r.mode());
      progress.flush();
      RunRecord rec = AbHarness.runOne(ab, RunFolder.ofPair(ab.out(), r.pair(), r.caseId(), r.mode()), r.caseId(),
          titles.getOrDefault(r.caseId(), ""), r.mode(), env, spillwaySettings);
      progress.println(rec.outcomeText() + " " + ReportTable.seconds(rec.wallMillis()) + " (jobs "
          + ReportTable.seconds(BenchPair.timedMillis(rec)) + ")"
          + (rec.outcome() == Outcome.OK ? "" : "  <-- NOT CORRECT, the benchmark will fail"));
      done.put(key(r.pair(), r.caseId(), r.mode()), rec);
    }
    List<BenchCase> cases = new ArrayList<>();
    for (String id : ids) {
      List<BenchPair> pairs = new ArrayList<>();
      for (int p = 1; p <= o.pairs(); p++) {
        pairs.add(new BenchPair(p, BenchPlan.sidesOfPair(p).get(0), done.get(key(p, id, "stock")),
            done.get(key(p, id, "spillway"))));
      }
      cases.add(new BenchCase(id, titles.getOrDefault(id, ""), pairs));
    }
    Map<String, String> settings = new LinkedHashMap<>(AbHarness.settings(ab, ids));
    settings.put("pairs", Integer.toString(o.pairs()));
    settings.put("order", "pair by pair, case by case; stock first in odd pairs, Spillway first in even pairs");
    return new BenchReport(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), settings,
        nonDefault, EnvironmentInfo.collect(),
        BenchReport.TARGET_MEDIAN_RATIO, cases);
  }

  private static String key(int pair, String caseId, String mode) {
    return pair + "/" + caseId + "/" + mode;
  }
}

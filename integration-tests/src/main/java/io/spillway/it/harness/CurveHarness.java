package io.spillway.it.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code spillway curve}: the degradation curve. Runs each case at each executor memory in each mode
 * with the same machinery as {@code spillway ab} — one driver JVM per run ({@link CaseRunCommand}), one folder per
 * run ({@link RunFolder#ofMemory}), the same judging — and reports wall time against memory as a chart, with per
 * case and mode the ratio time at the smallest memory / time at the largest against a bound ({@link CurveSeries}).
 *
 * <p>Runs go case by case, largest memory first, the modes in the order given; strictly one at a time, as in
 * {@code spillway ab}. The exit code is 0 whenever the report was written: stock is expected to fail at small
 * memories, and the verdict is in the report and the console, not in the exit code.
 */
public final class CurveHarness {

  /** The harness-settings entry that records a reserve the harness set, which the report repeats up front. */
  static final String RESERVED_MEMORY_SETTING = "reserved memory";

  private CurveHarness() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", AbHarness.LOG4J_CONFIG);
    }
    if (args.length > 0 && List.of("-h", "--help", "help").contains(args[0])) {
      System.out.println(CurveOptions.USAGE);
      return;
    }
    Path repoRoot = Path.of(System.getProperty("spillway.home", ".")).toAbsolutePath().normalize();
    CurveOptions o;
    CurveReport report;
    try {
      o = CurveOptions.parse(args, repoRoot);
      report = run(o, repoRoot, System.out);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("spillway curve: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path out = o.ab().out();
    CurveReportWriter.write(report, out);
    System.out.println();
    System.out.print(CurveMarkdown.runsTable(report));
    System.out.println();
    System.out.print(CurveMarkdown.verdictTable(report));
    System.out.println("\nReport: " + out.resolve("report.html") + " (also report.md, report.json)");
  }

  /** Runs every case at every memory in every mode and returns the report. */
  static CurveReport run(CurveOptions o, Path repoRoot, PrintStream progress) throws IOException, InterruptedException {
    AbOptions largest = o.atMemory(o.memories().get(0));
    Path sparkHome = AbHarness.checkedSparkHome(largest, repoRoot);
    Map<String, String> titles = AbHarness.caseTitles(largest);
    List<String> ids = largest.cases();
    Map<String, String> env = AbHarness.childEnv(sparkHome);
    List<String> spillwaySettings = SpillwayDefaults.caseRunSettings(repoRoot.resolve("conf/spark-defaults.conf"));
    // Worked out before any run, so that a problem there fails in seconds, not after the runs.
    System.setProperty("spillway.sparkHome", sparkHome.toString());
    List<String> nonDefault = nonDefault(AbHarness.nonDefault(largest, ids, spillwaySettings), largest);
    int total = ids.size() * o.memories().size() * largest.modes().size();
    int n = 0;
    List<CurveSeries> series = new ArrayList<>();
    for (String id : ids) {
      Map<String, List<CurvePoint>> byMode = new LinkedHashMap<>();
      for (String memory : o.memories()) {
        AbOptions at = o.atMemory(memory);
        for (String mode : at.modes()) {
          n++;
          progress.printf("[%d/%d] %s %s %s … ", n, total, id, memory, mode);
          progress.flush();
          RunRecord r = AbHarness.runOne(at, RunFolder.ofMemory(at.out(), memory, id, mode), id,
              titles.getOrDefault(id, ""), mode, env, spillwaySettings);
          long spilled = r.metrics().spilledBytes();
          progress.println(r.outcomeText() + " " + ReportTable.seconds(r.wallMillis()) + ", spilled "
              + (spilled == 0 ? "0" : ReportTable.bytes(spilled)));
          byMode.computeIfAbsent(mode, k -> new ArrayList<>()).add(new CurvePoint(memory, at.executorMemoryMiB(), r));
        }
      }
      byMode.forEach((mode, points) -> series.add(new CurveSeries(id, titles.getOrDefault(id, ""), mode, points)));
    }
    return new CurveReport(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), settings(o, ids), nonDefault,
        EnvironmentInfo.collect(), CurveReport.MAX_RATIO, series);
  }

  static Map<String, String> settings(CurveOptions o, List<String> ids) {
    Map<String, String> s = new LinkedHashMap<>(AbHarness.settings(o.ab(), ids));
    s.put("executor memory", String.join(",", o.memories()) + " (one run per memory, largest first)");
    o.addedReservedMemoryBytes().ifPresent(bytes -> s.put(RESERVED_MEMORY_SETTING,
        CurveOptions.RESERVED_MEMORY_KEY + "=" + bytes + " (" + ReportTable.bytes(bytes) + ") set by the harness for "
        + "every run of both modes: Spark refuses executors under "
        + ReportTable.bytes(CurveOptions.SPARK_MIN_EXECUTOR_BYTES) + " with its default "
        + ReportTable.bytes(CurveOptions.SPARK_RESERVED_MEMORY_BYTES) + " reserve"));
    s.put("bound", "time at the smallest memory ≤ " + CurveSeries.bound(CurveReport.MAX_RATIO)
        + " time at the largest, every run correct");
    return s;
  }

  /** The A/B harness's list, with the two settings that vary per run marked as shown for the largest memory. */
  static List<String> nonDefault(List<String> lines, AbOptions largest) {
    return lines.stream().map(l -> l.startsWith("spark.executor.memory=") || l.startsWith("spark.master=")
        ? l + " [shown for " + largest.executorMemory() + "; each run sets its own memory]" : l).toList();
  }
}

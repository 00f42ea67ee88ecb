package io.spillway.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code spillway ui-cost}: what the Spillway tab costs the driver's heap. Runs each case with Spillway as
 * interleaved pairs, once with the tab on and once off ({@code spark.spillway.ui.enabled}), Spark's UI on in both
 * (the harness otherwise turns it off), with the same machinery as {@code spillway bench}: one driver JVM per run,
 * one folder per run, the side that goes first alternating from pair to pair ({@link BenchPlan}'s order, "tab on"
 * in the place of "stock"). Each driver measures its own heap after the job, before its SparkContext stops
 * ({@link DriverHeap}: live after a full collection, and the pools' peak); the report gives per pair the two live
 * heaps and their on/off ratio, per case the median ratio, and the median over every pair.
 *
 * <p>Why live after a full collection: the tab's cost is what its listener keeps reachable; heap in use at a
 * sampling instant is mostly garbage, so an earlier comparison of sampled peaks could not tell retained memory
 * from collection timing. A run that did not finish with the right answer has no ratio and fails the command
 * (exit 1): a heap measured on a run that did not do the work says nothing.
 */
public final class UiCostHarness {

  public static final String DEFAULT_CASES = "S1,S2,S5";
  public static final int DEFAULT_PAIRS = 3;
  public static final String DEFAULT_EXECUTOR_MEMORY = "512m";
  public static final String DEFAULT_OUT = "ui-cost-report";

  public static final String USAGE = String.join("\n",
      "usage: spillway ui-cost [options]",
      "  Runs each case with Spillway as N interleaved pairs, the Spillway tab on and off (Spark's UI on in both;",
      "  the side that goes first alternates from pair to pair). Each driver measures its heap after the job,",
      "  before it stops: live after a full GC (System.gc(), then the heap's used bytes) and the heap pools' peak.",
      "  Prints per pair the live heaps and the on/off ratio, per case and overall the median ratio; writes",
      "  report.md in the report folder; exits 1 when a run failed or was wrong.",
      "  --cases S1,S2,S5          cases to run (default " + DEFAULT_CASES + ")",
      "  --pairs N                 on/off pairs per case (default " + DEFAULT_PAIRS + ")",
      "  --executor-memory 512m    executor memory (default " + DEFAULT_EXECUTOR_MEMORY + ")",
      "  --scale X                 multiply each case's record count by X (default 1.0)",
      "  --timeout 5m              per-run limit: 90s, 10m, 1h (default 5m)",
      "  --out DIR                 report folder (default " + DEFAULT_OUT + ")",
      BenchOptions.SHARED_OPTIONS);

  /** The two sides of a pair: the tab on, the tab off. */
  static final String ON = "tab-on";
  static final String OFF = "tab-off";

  /** One side's run and the heap its driver measured (null when the run left no figure). */
  record Side(RunRecord run, DriverHeap heap) {
    boolean measured() {
      return run.outcome() == Outcome.OK && heap != null;
    }
  }

  /** One on/off pair of a case. */
  record Pair(int pair, String first, Side on, Side off) {
    /** Live heap with the tab over without; null unless both runs were right and measured. */
    Double ratio() {
      return on.measured() && off.measured() ? (double) on.heap().liveBytes() / off.heap().liveBytes() : null;
    }
  }

  private UiCostHarness() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", AbHarness.LOG4J_CONFIG);
    }
    if (args.length > 0 && List.of("-h", "--help", "help").contains(args[0])) {
      System.out.println(USAGE);
      return;
    }
    Path repoRoot = Path.of(System.getProperty("spillway.home", ".")).toAbsolutePath().normalize();
    BenchOptions o;
    Map<String, List<Pair>> pairs;
    try {
      o = BenchOptions.parse(args, repoRoot, List.of("--cases", DEFAULT_CASES, "--executor-memory",
          DEFAULT_EXECUTOR_MEMORY, "--out", DEFAULT_OUT), DEFAULT_PAIRS, "ui-cost", USAGE);
      pairs = run(o, repoRoot, System.out);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("spillway ui-cost: " + e.getMessage());
      System.exit(2);
      return;
    }
    String md = report(o, pairs);
    Files.createDirectories(o.ab().out());
    Files.writeString(o.ab().out().resolve("report.md"), md, StandardCharsets.UTF_8);
    System.out.println();
    System.out.print(md);
    System.out.println("Report: " + o.ab().out().resolve("report.md"));
    if (pairs.values().stream().flatMap(List::stream).anyMatch(p -> p.ratio() == null)) {
      System.err.println("spillway ui-cost: FAILED — a run did not finish with the expected answer or left no heap "
          + "figure; see the runs' driver logs under " + o.ab().out().resolve("runs"));
      System.exit(1);
    }
  }

  /** Runs every pair of every case, pair by pair. */
  static Map<String, List<Pair>> run(BenchOptions o, Path repoRoot, PrintStream progress)
      throws IOException, InterruptedException {
    AbOptions ab = o.ab();
    Path sparkHome = AbHarness.checkedSparkHome(ab, repoRoot);
    Map<String, String> titles = AbHarness.caseTitles(ab);
    Map<String, String> env = AbHarness.childEnv(sparkHome);
    List<String> spillwaySettings = SpillwayDefaults.caseRunSettings(repoRoot.resolve("conf/spark-defaults.conf"));
    System.setProperty("spillway.sparkHome", sparkHome.toString());
    Map<String, List<Pair>> byCase = new LinkedHashMap<>();
    ab.cases().forEach(id -> byCase.put(id, new ArrayList<>()));
    int total = ab.cases().size() * o.pairs() * 2;
    int n = 0;
    for (int pair = 1; pair <= o.pairs(); pair++) {
      List<String> order = BenchPlan.sidesOfPair(pair).get(0).equals("stock") ? List.of(ON, OFF) : List.of(OFF, ON);
      for (String id : ab.cases()) {
        Side on = null;
        Side off = null;
        for (String side : order) {
          progress.printf("[%d/%d] pair %d %s %s … ", ++n, total, pair, id, side);
          progress.flush();
          RunFolder folder = RunFolder.ofPair(ab.out(), pair, id, side);
          RunRecord rec = AbHarness.runOne(withTab(ab, side.equals(ON)), folder, id, titles.getOrDefault(id, ""),
              "spillway", env, spillwaySettings, List.of("--measure-driver-heap", "true"));
          Side s = new Side(rec, heapOf(folder));
          progress.println(rec.outcomeText() + (s.heap() == null ? ", no heap figure"
              : ", driver live heap " + mib(s.heap().liveBytes())));
          if (side.equals(ON)) {
            on = s;
          } else {
            off = s;
          }
        }
        byCase.get(id).add(new Pair(pair, order.get(0), on, off));
      }
    }
    return byCase;
  }

  /** {@code ab} with Spark's UI on and the Spillway tab on or off, after the user's own settings. */
  private static AbOptions withTab(AbOptions ab, boolean tab) {
    List<String> conf = new ArrayList<>(ab.conf());
    conf.add("spark.ui.enabled=true");
    conf.add("spark.spillway.ui.enabled=" + tab);
    return new AbOptions(ab.cases(), ab.modes(), ab.executors(), ab.cores(), ab.executorMemory(),
        ab.executorMemoryMiB(), ab.scale(), ab.timeout(), ab.out(), ab.maxFailures(), ab.pollingMillis(), conf,
        ab.dropInJar(), ab.runnerMain(), ab.submitArgs());
  }

  private static DriverHeap heapOf(RunFolder run) throws IOException {
    if (!Files.isRegularFile(run.resultFile())) {
      return null;
    }
    JsonNode r = ReportWriter.JSON.readTree(run.resultFile().toFile());
    return r.has("driverLiveHeapBytes")
        ? new DriverHeap(r.path("driverLiveHeapBytes").asLong(), r.path("driverPeakHeapBytes").asLong()) : null;
  }

  /** The report: settings, per case its pairs and median ratio, and the median over every pair. */
  static String report(BenchOptions o, Map<String, List<Pair>> byCase) {
    StringBuilder md = new StringBuilder("# Spillway tab: driver heap, tab on vs off\n\n");
    md.append(String.format(Locale.ROOT, "%s; %d pairs per case; %d executors × %s, scale %s; Spark's UI on in both "
            + "sides; driver heap measured in the driver after the job, before it stops: live = used after "
            + "System.gc() (twice), peak = sum of the heap pools' peaks.%n%n",
        Instant.now().truncatedTo(ChronoUnit.SECONDS), o.pairs(), o.ab().executors(), o.ab().executorMemory(),
        o.ab().scale()));
    List<Double> all = new ArrayList<>();
    md.append("| Case | Pair | First | Live, tab on | Live, tab off | On/off | Peak, tab on | Peak, tab off |\n");
    md.append("|---|---|---|---|---|---|---|---|\n");
    StringBuilder medians = new StringBuilder();
    for (Map.Entry<String, List<Pair>> e : byCase.entrySet()) {
      List<Double> ratios = new ArrayList<>();
      for (Pair p : e.getValue()) {
        Double r = p.ratio();
        if (r != null) {
          ratios.add(r);
        }
        md.append("| ").append(e.getKey()).append(" | ").append(p.pair()).append(" | ").append(p.first())
            .append(" | ").append(live(p.on())).append(" | ").append(live(p.off())).append(" | ")
            .append(r == null ? "n/a" : String.format(Locale.ROOT, "%.3f", r)).append(" | ").append(peak(p.on()))
            .append(" | ").append(peak(p.off())).append(" |\n");
      }
      all.addAll(ratios);
      medians.append("- ").append(e.getKey()).append(": median on/off ")
          .append(ratios.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.3f", BenchStats.median(ratios)))
          .append(" over ").append(ratios.size()).append(" of ").append(e.getValue().size()).append(" pairs\n");
    }
    md.append('\n').append(medians);
    md.append("- all cases: median on/off ")
        .append(all.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.3f", BenchStats.median(all)))
        .append(" over ").append(all.size()).append(" pairs (the bound: 1.05)\n");
    return md.toString();
  }

  private static String live(Side s) {
    return s.heap() == null ? s.run().outcomeText() : mib(s.heap().liveBytes());
  }

  private static String peak(Side s) {
    return s.heap() == null ? "n/a" : mib(s.heap().peakBytes());
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}

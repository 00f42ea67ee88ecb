package io.spillway.it.harness;

import io.spillway.it.cases.Cases;
import io.spillway.it.cases.OomCase;
import io.spillway.it.cluster.ClusterEnvironment;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code spillway ab}: runs each seed case twice at the same executor memory — stock Spark, then
 * Spillway — each in its own driver JVM against a local cluster of real executor JVMs, and reports
 * outcome, wall time, spill, GC and peak heap side by side from the runs' event logs.
 *
 * <p>Runs are strictly sequential: executors of two runs competing for the same cores and memory would
 * make both columns meaningless. With {@code --submit} the same comparison is made for the user's own
 * application through {@code $SPARK_HOME/bin/spark-submit} ({@link SubmitAb}).
 */
public final class AbHarness {

  private AbHarness() {}

  /** Keeps Spark's own logging (used when reading compressed event logs) off the harness's console. */
  static final String LOG4J_CONFIG = "io/spillway/it/harness/log4j2-harness.properties";

  public static void main(String[] args) throws IOException, InterruptedException {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", LOG4J_CONFIG);
    }
    if (args.length > 0 && List.of("-h", "--help", "help").contains(args[0])) {
      System.out.println(AbOptions.USAGE);
      return;
    }
    Path repoRoot = Path.of(System.getProperty("spillway.home", ".")).toAbsolutePath().normalize();
    AbOptions o;
    try {
      o = AbOptions.parse(args, repoRoot);
    } catch (IllegalArgumentException e) {
      System.err.println("spillway ab: " + e.getMessage());
      System.exit(2);
      return;
    }
    AbReport report;
    try {
      report = o.submitArgs().isPresent()
          ? SubmitAb.run(o, repoRoot, System.getenv(), System.out)
          : runCases(o, repoRoot, System.out);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("spillway ab: " + e.getMessage());
      System.exit(2);
      return;
    }
    ReportWriter.write(report, o.out());
    System.out.println();
    System.out.print(MarkdownReport.table(report.runs()));
    System.out.println("\nReport: " + o.out().resolve("report.html") + " (also report.md, report.json)");
  }

  /** Runs the seed cases (or the ids given) in every requested mode and returns the report. */
  static AbReport runCases(AbOptions o, Path repoRoot, PrintStream progress) throws IOException, InterruptedException {
    Path sparkHome = checkedSparkHome(o, repoRoot);
    Map<String, String> titles = caseTitles(o);
    List<String> ids = o.cases().isEmpty() ? List.copyOf(titles.keySet()) : o.cases();
    if (ids.isEmpty()) {
      throw new IllegalStateException("no cases are registered in io.spillway.it.cases.Cases yet; pass --cases");
    }
    Map<String, String> env = childEnv(sparkHome);
    List<String> spillwaySettings = SpillwayDefaults.caseRunSettings(repoRoot.resolve("conf/spark-defaults.conf"));
    int total = ids.size() * o.modes().size();
    int n = 0;
    List<RunRecord> runs = new ArrayList<>();
    for (String id : ids) {
      for (String mode : o.modes()) {
        n++;
        progress.printf("[%d/%d] %s %s … ", n, total, id, mode);
        progress.flush();
        RunRecord r = runOne(o, new RunFolder(o.out(), id, mode), id, titles.getOrDefault(id, ""), mode, env,
            spillwaySettings);
        progress.println(r.outcomeText() + " " + ReportTable.seconds(r.wallMillis()));
        runs.add(r);
      }
    }
    System.setProperty("spillway.sparkHome", sparkHome.toString());
    return new AbReport(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), settings(o, ids),
        nonDefault(o, ids, spillwaySettings), EnvironmentInfo.collect(), runs);
  }

  /**
   * The local-cluster SPARK_HOME the runs use, after checking that it and (when the Spillway side runs) the
   * drop-in jar exist; shared with {@link BenchHarness}.
   */
  static Path checkedSparkHome(AbOptions o, Path repoRoot) {
    Path sparkHome = Path.of(System.getProperty("spillway.sparkHome",
        repoRoot.resolve("integration-tests/target/spark-home").toString())).toAbsolutePath();
    if (!Files.isDirectory(sparkHome.resolve("jars"))) {
      throw new IllegalStateException("no local-cluster SPARK_HOME at " + sparkHome
          + "; build it with `mvn -B -DskipTests install` (bin/spillway does this for you)");
    }
    if (o.modes().contains("spillway") && !Files.isRegularFile(o.dropInJar())) {
      throw new IllegalStateException("the drop-in jar " + o.dropInJar() + " is missing; build it with "
          + "`mvn -B -DskipTests install` or pass --drop-in-jar, or run --modes stock");
    }
    return sparkHome;
  }

  /** The environment of a driver JVM. */
  static Map<String, String> childEnv(Path sparkHome) {
    return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13");
  }

  /** One driver JVM for one case in one mode, in {@code folder} (emptied first), judged. */
  static RunRecord runOne(AbOptions o, RunFolder folder, String id, String title, String mode, Map<String, String> env,
      List<String> spillwaySettings) throws IOException, InterruptedException {
    return runOne(o, folder, id, title, mode, env, spillwaySettings, List.of());
  }

  /** {@link #runOne}, with {@code runnerArgs} added to the runner's command line (e.g. its measuring flags). */
  static RunRecord runOne(AbOptions o, RunFolder folder, String id, String title, String mode, Map<String, String> env,
      List<String> spillwaySettings, List<String> runnerArgs) throws IOException, InterruptedException {
    RunFolder run = folder.prepare();
    List<String> cmd = new ArrayList<>(CaseRunCommand.build(o, id, mode, run, spillwaySettings));
    cmd.addAll(runnerArgs);
    ChildProcess.Exit exit = ChildProcess.run(cmd, env, run.driverLog(), o.timeout());
    return run.judge(id, title, mode, exit);
  }

  /**
   * Titles of the registered cases. With a custom {@code --runner-main} (a test's own cases) the ids are
   * not checked here: the child JVM registers them.
   */
  static Map<String, String> caseTitles(AbOptions o) {
    boolean ownRunner = o.runnerMain().equals(CaseRunner.class.getName());
    List<OomCase> known = ownRunner && !o.cases().isEmpty() ? Cases.byIds(String.join(",", o.cases())) : Cases.all();
    return known.stream().collect(Collectors.toMap(OomCase::id, OomCase::title, (a, b) -> a, LinkedHashMap::new));
  }

  static Map<String, String> settings(AbOptions o, List<String> ids) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("cases", String.join(",", ids));
    s.put("modes", String.join(",", o.modes()));
    s.put("executors", Integer.toString(o.executors()));
    s.put("cores per executor", Integer.toString(o.cores()));
    s.put("executor memory", o.executorMemory());
    s.put("scale", Double.toString(o.scale()));
    s.put("per-run timeout", o.timeout().toSeconds() + " s");
    s.put("driver heap", CaseRunCommand.DRIVER_HEAP);
    s.put("drop-in jar", o.dropInJar().toString());
    o.submitArgs().ifPresent(a -> s.put("spark-submit arguments", String.join(" ", a)));
    return s;
  }

  static List<String> nonDefault(AbOptions o, List<String> ids, List<String> spillwaySettings) {
    Map<String, OomCase> known = Cases.registered().stream().collect(Collectors.toMap(OomCase::id, Function.identity()));
    Function<Boolean, Map<String, String>> side = spillway -> {
      ClusterEnvironment env = ClusterEnvironment.detect();
      List<String> extra = new ArrayList<>(List.of("spark.eventLog.enabled=true",
          "spark.eventLog.dir=<run folder>/eventlog", "spark.eventLog.logStageExecutorMetrics=true"));
      if (spillway) {
        extra.addAll(spillwaySettings);
      }
      extra.addAll(o.harnessConf());
      return NonDefaultSettings.asMap(env.localClusterConf(o.executors(), o.cores(), o.executorMemoryMiB(), spillway,
          List.of(ClusterEnvironment.classPathOf(CaseRunner.class))), extra);
    };
    System.setProperty("spillway.dropInJar", o.dropInJar().toString());
    List<String> lines = NonDefaultSettings.compare(
        o.modes().contains("stock") ? side.apply(false) : Map.of(),
        o.modes().contains("spillway") ? side.apply(true) : Map.of());
    for (String id : ids) {
      Optional.ofNullable(known.get(id)).ifPresent(c ->
          c.sparkConf().forEach((k, v) -> lines.add(k + "=" + v + " (case " + id + ", both sides)")));
      Optional.ofNullable(known.get(id)).filter(OomCase::usesSpillwayApi).ifPresent(c -> lines.add(
          "the drop-in jar is also on the stock side's driver and executor class paths (case " + id
              + " calls Spillway's API; no shuffle manager or plugin set)"));
    }
    return lines;
  }
}

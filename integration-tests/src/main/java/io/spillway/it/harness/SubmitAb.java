package io.spillway.it.harness;

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
import java.util.Set;

/**
 * {@code spillway ab --submit -- <spark-submit arguments>}: A/B of the user's own application. It is
 * submitted twice with {@code $SPARK_HOME/bin/spark-submit}: once as given, once with Spillway's settings
 * from {@code conf/spark-defaults.conf} and the drop-in jar added through {@code --jars}. Both get event
 * logging into the report's run folders and the harness's shared settings, so the table is read the
 * same way as for the seed cases — except that there is no expected answer: exit code 0 counts as ok.
 */
public final class SubmitAb {

  /** spark-submit options that take no value; every other {@code --option} takes one. */
  private static final Set<String> VALUELESS = Set.of("--verbose", "-v", "--supervise", "--help", "-h", "--version",
      "--usage-error");

  private SubmitAb() {}

  static AbReport run(AbOptions o, Path repoRoot, Map<String, String> env, PrintStream progress)
      throws IOException, InterruptedException {
    String home = env.get("SPARK_HOME");
    Path submit = home == null ? null : Path.of(home, "bin", "spark-submit");
    if (submit == null || !Files.isExecutable(submit)) {
      throw new IllegalStateException("--submit needs SPARK_HOME pointing to a Spark distribution with an "
          + "executable bin/spark-submit; SPARK_HOME=" + home);
    }
    if (o.modes().contains("spillway") && !Files.isRegularFile(o.dropInJar())) {
      throw new IllegalStateException("the drop-in jar " + o.dropInJar() + " is missing; build it or pass --drop-in-jar");
    }
    List<String> user = o.submitArgs().orElseThrow();
    String app = appName(user);
    List<String> spillwayConf = SpillwayDefaults.read(repoRoot.resolve("conf/spark-defaults.conf"));
    List<RunRecord> runs = new ArrayList<>();
    int n = 0;
    for (String mode : o.modes()) {
      n++;
      progress.printf("[%d/%d] %s %s … ", n, o.modes().size(), app, mode);
      progress.flush();
      RunFolder run = new RunFolder(o.out(), app, mode).prepare();
      List<String> cmd = command(submit, o, run, user, mode.equals("spillway") ? spillwayConf : List.of());
      ChildProcess.Exit exit = ChildProcess.run(cmd, Map.of(), run.driverLog(), o.timeout());
      RunRecord r = run.judge(app, String.join(" ", user), mode, exit);
      progress.println(r.outcomeText() + " " + ReportTable.seconds(r.wallMillis()));
      runs.add(r);
    }
    Map<String, String> settings = new LinkedHashMap<>(AbHarness.settings(o, List.of(app)));
    settings.put("SPARK_HOME", home);
    List<String> nonDefault = new ArrayList<>();
    o.harnessConf().forEach(kv -> nonDefault.add(kv + " (both sides)"));
    nonDefault.add("spark.eventLog.enabled=true, spark.eventLog.dir=<run folder>/eventlog, "
        + "spark.eventLog.logStageExecutorMetrics=true (both sides)");
    spillwayConf.forEach(kv -> nonDefault.add(kv + " (spillway only)"));
    nonDefault.add("--jars " + o.dropInJar() + " (spillway only)");
    return new AbReport(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), settings, nonDefault,
        EnvironmentInfo.collect(), runs);
  }

  /**
   * spark-submit, the harness's {@code --conf}s, then (Spillway side) Spillway's {@code --conf}s, then the
   * user's arguments — whose own {@code --conf}s therefore win — with the drop-in jar merged into the
   * user's {@code --jars} when there is one (a second {@code --jars} would replace the first).
   */
  static List<String> command(Path submit, AbOptions o, RunFolder run, List<String> user, List<String> spillwayConf) {
    List<String> cmd = new ArrayList<>();
    cmd.add(submit.toString());
    List<String> conf = new ArrayList<>(List.of("spark.eventLog.enabled=true",
        "spark.eventLog.dir=" + run.eventLogDir().toUri(), "spark.eventLog.logStageExecutorMetrics=true"));
    conf.addAll(o.harnessConf());
    conf.addAll(spillwayConf);
    conf.forEach(kv -> cmd.addAll(List.of("--conf", kv)));
    boolean spillway = !spillwayConf.isEmpty();
    boolean merged = false;
    int primary = primaryResourceIndex(user);
    for (int i = 0; i < user.size(); i++) {
      String a = user.get(i);
      if (spillway && i < primary && a.equals("--jars") && i + 1 < user.size()) {
        cmd.addAll(List.of("--jars", o.dropInJar() + "," + user.get(++i)));
        merged = true;
      } else if (spillway && i < primary && a.startsWith("--jars=")) {
        cmd.add("--jars=" + o.dropInJar() + "," + a.substring("--jars=".length()));
        merged = true;
      } else {
        if (spillway && !merged && i == primary) {
          cmd.addAll(List.of("--jars", o.dropInJar().toString()));
          merged = true;
        }
        cmd.add(a);
      }
    }
    return cmd;
  }

  /** The index of the application jar/script: the first argument that is neither an option nor its value. */
  static int primaryResourceIndex(List<String> user) {
    for (int i = 0; i < user.size(); i++) {
      String a = user.get(i);
      if (!a.startsWith("-")) {
        return i;
      }
      if (!VALUELESS.contains(a) && !a.contains("=")) {
        i++;
      }
    }
    return user.size();
  }

  /** A short name for the table: the main class's simple name, else the application file's name. */
  static String appName(List<String> user) {
    int cls = user.indexOf("--class");
    String name = cls >= 0 && cls + 1 < user.size() ? user.get(cls + 1).replaceAll(".*\\.", "") : "";
    int primary = primaryResourceIndex(user);
    if (name.isEmpty() && primary < user.size()) {
      name = Path.of(user.get(primary)).getFileName().toString();
    }
    name = name.replaceAll("[^A-Za-z0-9_.-]", "_");
    return name.isEmpty() ? "app" : name;
  }
}

package io.spillway.it.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The settings of one {@code spillway ab} invocation, parsed from its command line.
 *
 * @param cases             case ids in run order; empty means "every registered case"
 * @param modes             {@code stock} and/or {@code spillway}, in run order
 * @param executors         executors in the local cluster
 * @param cores             cores per executor
 * @param executorMemory    as given ({@code 512m}), for the report
 * @param executorMemoryMiB the same in MiB
 * @param scale             record-count factor applied to every case's defaults
 * @param timeout           per-run limit; a run past it is killed and reported as timeout
 * @param out               the report folder
 * @param maxFailures       {@code spark.task.maxFailures} and {@code spark.stage.maxConsecutiveAttempts} on both sides (Spark's defaults are 4)
 * @param pollingMillis     {@code spark.executor.metrics.pollingInterval} on both sides, for peak heap
 * @param conf              extra {@code key=value} settings for both sides
 * @param dropInJar         the Spillway jar the Spillway side puts on executors
 * @param runnerMain        the driver main class; CaseRunner unless a test swaps in its own cases
 * @param submitArgs        present in submit mode: the user's spark-submit arguments
 */
public record AbOptions(List<String> cases, List<String> modes, int executors, int cores, String executorMemory,
    int executorMemoryMiB, double scale, Duration timeout, Path out, int maxFailures, long pollingMillis,
    List<String> conf, Path dropInJar, String runnerMain, Optional<List<String>> submitArgs) {

  /** Spark's own default for {@code spark.task.maxFailures}. */
  public static final int SPARK_DEFAULT_MAX_FAILURES = 4;

  /** Where the build puts the drop-in jar, relative to the repository root. */
  public static final String DROP_IN_JAR = "shuffle-manager/target/spillway-spark_2.13-0.1.0-SNAPSHOT.jar";

  public static final String USAGE = String.join("\n",
      "usage: spillway ab [options] [--submit -- <spark-submit arguments>]",
      "  --cases S1,S3             cases to run (default: the seed suite S1-S11; benchmark cases B1, B2 only when named)",
      "  --modes stock,spillway    sides to run (default: both)",
      "  --executors N             executors in the local cluster (default 2)",
      "  --cores N                 cores per executor (default 1)",
      "  --executor-memory 512m    executor memory, both sides (default 512m)",
      "  --scale X                 multiply each case's record count by X (default 1.0)",
      "  --timeout 5m              per-run limit: 90s, 10m, 1h (default 5m)",
      "  --out DIR                 report folder (default ab-report)",
      "  --max-failures N          spark.task.maxFailures and spark.stage.maxConsecutiveAttempts, both sides (default 2; Spark's are 4)",
      "  --metrics-polling-millis N  spark.executor.metrics.pollingInterval, both sides (default 100)",
      "  --conf key=value          extra Spark setting, both sides (repeatable)",
      "  --drop-in-jar PATH        Spillway's jar (default " + DROP_IN_JAR + ")",
      "  --submit -- ARGS          A/B your own application with $SPARK_HOME/bin/spark-submit");

  /** Parses {@code args}; {@code repoRoot} anchors the default drop-in jar. */
  public static AbOptions parse(String[] args, Path repoRoot) {
    List<String> cases = List.of();
    List<String> modes = List.of("stock", "spillway");
    int executors = 2;
    int cores = 1;
    String memory = "512m";
    double scale = 1.0;
    Duration timeout = Duration.ofMinutes(5);
    Path out = Path.of("ab-report");
    int maxFailures = 2;
    long pollingMillis = 100;
    List<String> conf = new ArrayList<>();
    Path jar = repoRoot.resolve(DROP_IN_JAR);
    String runnerMain = CaseRunner.class.getName();
    Optional<List<String>> submit = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--submit")) {
        int from = i + 1 < args.length && args[i + 1].equals("--") ? i + 2 : i + 1;
        List<String> rest = List.copyOf(Arrays.asList(args).subList(from, args.length));
        if (rest.isEmpty()) {
          throw new IllegalArgumentException("--submit needs spark-submit arguments after it, e.g. "
              + "--submit -- --class com.example.Main app.jar");
        }
        submit = Optional.of(rest);
        break;
      }
      if (!flag.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + flag + "'\n" + USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
      }
      String v = args[++i];
      switch (flag) {
        case "--cases" -> cases = ids(v);
        case "--modes" -> modes = modes(v);
        case "--executors" -> executors = positiveInt(flag, v);
        case "--cores" -> cores = positiveInt(flag, v);
        case "--executor-memory" -> memory = v;
        case "--scale" -> scale = positiveDouble(flag, v);
        case "--timeout" -> timeout = duration(flag, v);
        case "--out" -> out = Path.of(v);
        case "--max-failures" -> maxFailures = positiveInt(flag, v);
        case "--metrics-polling-millis" -> pollingMillis = positiveInt(flag, v);
        case "--conf" -> conf.add(keyValue(v));
        case "--drop-in-jar" -> jar = Path.of(v);
        case "--runner-main" -> runnerMain = v;
        default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
      }
    }
    int mib;
    try {
      mib = MemorySize.parseMiB(memory);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--executor-memory must look like 512m or 2g, got '" + memory + "'");
    }
    return new AbOptions(cases, modes, executors, cores, memory, mib, scale, timeout, out.toAbsolutePath(),
        maxFailures, pollingMillis, List.copyOf(conf), jar.toAbsolutePath(), runnerMain, submit);
  }

  /** The Spark settings the harness adds to both sides, in the form {@code key=value}. */
  public List<String> harnessConf() {
    List<String> all = new ArrayList<>();
    all.add("spark.task.maxFailures=" + maxFailures);
    // A lost executor takes its map output with it: the reducer's fetch failure re-runs the map stage,
    // which counts against stage attempts, not task failures. Without this a dying case retries for minutes.
    all.add("spark.stage.maxConsecutiveAttempts=" + maxFailures);
    all.add("spark.executor.metrics.pollingInterval=" + pollingMillis + "ms");
    all.addAll(conf);
    return all;
  }

  private static List<String> ids(String v) {
    List<String> ids = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(s -> s.toUpperCase(Locale.ROOT)).toList();
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("--cases needs at least one case id, e.g. --cases S1,S3");
    }
    return ids;
  }

  private static List<String> modes(String v) {
    List<String> modes = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String m : modes) {
      if (!m.equals("stock") && !m.equals("spillway")) {
        throw new IllegalArgumentException("--modes takes stock and/or spillway, got '" + m + "'");
      }
    }
    if (modes.isEmpty() || modes.stream().distinct().count() != modes.size()) {
      throw new IllegalArgumentException("--modes takes stock and/or spillway once each, got '" + v + "'");
    }
    return modes;
  }

  private static int positiveInt(String flag, String v) {
    try {
      int n = Integer.parseInt(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(flag + " must be a positive integer, got '" + v + "'");
  }

  private static double positiveDouble(String flag, String v) {
    try {
      double d = Double.parseDouble(v.trim());
      if (d > 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(flag + " must be a number > 0, got '" + v + "'");
  }

  /** {@code 90s}, {@code 10m}, {@code 1h}; a bare number is seconds. */
  static Duration duration(String flag, String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([smh]?)").matcher(s);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2)) {
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      };
      if (!d.isZero()) {
        return d;
      }
    }
    throw new IllegalArgumentException(flag + " must be a positive duration like 90s, 10m or 1h, got '" + v + "'");
  }

  private static String keyValue(String v) {
    int eq = v.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("--conf expects key=value, got '" + v + "'");
    }
    return v;
  }
}

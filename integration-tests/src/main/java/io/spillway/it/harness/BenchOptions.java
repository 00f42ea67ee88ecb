package io.spillway.it.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of one {@code spillway bench} invocation: {@code --pairs} plus everything {@code spillway ab}
 * takes for running cases ({@link AbOptions}), with the benchmark's own defaults — cases {@value #DEFAULT_CASES},
 * {@value #DEFAULT_PAIRS} pairs, {@value #DEFAULT_EXECUTOR_MEMORY} executors, report folder
 * {@value #DEFAULT_OUT}. Both sides always run, so {@code --modes} and {@code --submit} are refused.
 *
 * @param ab    the case-running options, parsed by {@link AbOptions#parse}
 * @param pairs how many stock/Spillway pairs each case runs
 */
public record BenchOptions(AbOptions ab, int pairs) {

  /** The no-pressure workloads run by default. */
  public static final String DEFAULT_CASES = "B5,B1,B2,B6,B4,H1,H3,H5,H9,H18";

  public static final int DEFAULT_PAIRS = 7;

  /** 4 GiB executors by default: none of the default cases is under memory pressure there. */
  public static final String DEFAULT_EXECUTOR_MEMORY = "4g";

  public static final String DEFAULT_OUT = "bench-report";

  /** The usage lines of the options every paired command ({@code bench}, {@code ui-cost}) passes to its runs. */
  static final String SHARED_OPTIONS = String.join("\n",
      "  --conf key=value          extra Spark setting, both sides (repeatable)",
      "  also: --executors N, --cores N, --max-failures N, --metrics-polling-millis N, --drop-in-jar PATH",
      "        as for spillway ab");

  public static final String USAGE = String.join("\n",
      "usage: spillway bench [options]",
      "  Runs each case as N interleaved stock/Spillway pairs (the side that goes first alternates from pair",
      "  to pair) and reports each pair's times (the Spark jobs, input preparation left out) and Spillway/stock",
      "  ratio, the median, min and max ratio per case (report.md, report.html with a chart), and whether every",
      "  run was correct and both sides agreed; exits 1 when any run failed, was wrong or disagreed.",
      "  --cases B1,B4             cases to run (default " + DEFAULT_CASES + ": word count, reduceByKey,",
      "                            sortByKey, groupByKey into large groups, RDD join, TPC-H Q1, Q3, Q5, Q9, Q18)",
      "  --pairs N                 stock/Spillway pairs per case (default " + DEFAULT_PAIRS + ")",
      "  --executor-memory 4g      executor memory, both sides (default " + DEFAULT_EXECUTOR_MEMORY + ")",
      "  --scale X                 multiply each case's record count by X (default 1.0)",
      "  --timeout 5m              per-run limit: 90s, 10m, 1h (default 5m)",
      "  --out DIR                 report folder (default " + DEFAULT_OUT + ")",
      SHARED_OPTIONS);

  public BenchOptions {
    if (pairs <= 0) {
      throw new IllegalArgumentException("--pairs must be a positive integer, was " + pairs);
    }
  }

  /** Parses {@code args}; {@code repoRoot} anchors the default drop-in jar. */
  public static BenchOptions parse(String[] args, Path repoRoot) {
    return parse(args, repoRoot, List.of("--cases", DEFAULT_CASES, "--executor-memory", DEFAULT_EXECUTOR_MEMORY,
        "--out", DEFAULT_OUT), DEFAULT_PAIRS, "bench", USAGE);
  }

  /**
   * Parses {@code args} of a paired command ({@code spillway bench}, {@code spillway ui-cost}) over its own
   * defaults: {@code abDefaults} ({@link AbOptions} flags, which the user's own override), {@code defaultPairs},
   * its {@code command} name and the {@code usage} its errors end with.
   */
  static BenchOptions parse(String[] args, Path repoRoot, List<String> abDefaults, int defaultPairs, String command,
      String usage) {
    // The command's defaults go first so that the user's own flags, parsed later, win.
    List<String> abArgs = new ArrayList<>(abDefaults);
    int pairs = defaultPairs;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--modes") || flag.equals("--submit")) {
        throw new IllegalArgumentException(flag + " is not a " + command + " option: a pair always runs both sides "
            + "of the seed or benchmark cases\n" + usage);
      }
      if (!flag.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + flag + "'\n" + usage);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value\n" + usage);
      }
      String v = args[++i];
      if (flag.equals("--pairs")) {
        pairs = positivePairs(v);
      } else {
        abArgs.add(flag);
        abArgs.add(v);
      }
    }
    AbOptions ab;
    try {
      ab = AbOptions.parse(abArgs.toArray(String[]::new), repoRoot);
    } catch (IllegalArgumentException e) {
      // AbOptions appends its own usage; the command's usage is the one that applies here.
      String message = e.getMessage();
      int abUsage = message.indexOf("\nusage: spillway ab");
      throw new IllegalArgumentException((abUsage < 0 ? message : message.substring(0, abUsage)) + "\n" + usage, e);
    }
    return new BenchOptions(ab, pairs);
  }

  private static int positivePairs(String v) {
    try {
      int n = Integer.parseInt(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException("--pairs must be a positive integer, got '" + v + "'");
  }
}

package io.spillway.it.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of one {@code spillway curve} invocation: {@code --memories} plus everything {@code spillway ab}
 * takes for running cases ({@link AbOptions}), with the curve's own defaults — case {@value #DEFAULT_CASES},
 * memories {@value #DEFAULT_MEMORIES}, report folder {@value #DEFAULT_OUT}. {@code --executor-memory} and
 * {@code --submit} are refused: the memory is what the curve varies, and it runs seed cases only.
 *
 * <p>Spark refuses an executor smaller than 1.5 × its reserved memory (300 MiB, so 450 MiB) with
 * {@code INVALID_EXECUTOR_MEMORY} ({@code UnifiedMemoryManager.getMaxMemory}); the only way to run a 384 MiB or
 * 256 MiB executor at all is its test knob {@code spark.testing.reservedMemory}. When a memory is below that floor
 * and the user did not set the knob, the curve sets it to half the smallest memory, for every run of both modes at
 * every memory, so that the points differ in nothing but the heap; the report says so.
 *
 * @param ab       the case-running options, parsed by {@link AbOptions#parse}; its executor memory is the
 *                 largest of {@code memories}, {@link #atMemory} gives the options of one point
 * @param memories executor memories as given ({@code 2g}, {@code 512m}), largest first, at least two, no
 *                 two of the same size
 * @param addedReservedMemoryBytes present when the harness set {@code spark.testing.reservedMemory} (both modes,
 *                 every memory) because a memory is below Spark's floor; absent when Spark's default applies or
 *                 the user set it with {@code --conf}
 */
public record CurveOptions(AbOptions ab, List<String> memories, Optional<Long> addedReservedMemoryBytes) {

  /** The degradation curve is measured on S1, the hot-key groupByKey, by default. */
  public static final String DEFAULT_CASES = "S1";

  /** The default executor memories: 2 GiB, 1 GiB, 512 MiB, 384 MiB and 256 MiB. */
  public static final String DEFAULT_MEMORIES = "2g,1g,512m,384m,256m";

  public static final String DEFAULT_OUT = "curve-report";

  /** Spark's {@code spark.testing.reservedMemory}: heap it keeps out of the unified pool, 300 MiB unless set. */
  static final String RESERVED_MEMORY_KEY = "spark.testing.reservedMemory";

  /** Spark's default reserved memory (UnifiedMemoryManager.RESERVED_SYSTEM_MEMORY_BYTES). */
  static final long SPARK_RESERVED_MEMORY_BYTES = 300L << 20;

  /** The smallest executor Spark accepts with its default reserve: 1.5 × 300 MiB. */
  static final long SPARK_MIN_EXECUTOR_BYTES = SPARK_RESERVED_MEMORY_BYTES * 3 / 2;

  public static final String USAGE = String.join("\n",
      "usage: spillway curve [options]",
      "  Runs each case at each executor memory in each mode (one driver JVM per run, judged as spillway ab",
      "  judges), then reports wall time against executor memory as a chart per case, and per case and mode",
      "  the ratio time at the smallest memory / time at the largest against the curve's bound:",
      "  " + CurveReport.MAX_RATIO_TEXT + ", every run correct. Exits 0 whenever the report is written.",
      "  --cases S1                cases to run (default " + DEFAULT_CASES + ")",
      "  --memories 2g,1g,512m     executor memories, at least two (default " + DEFAULT_MEMORIES + ")",
      "  --modes stock,spillway    sides to run (default: both; stock is expected to fail at small memories)",
      "  --executors N             executors in the local cluster (default 2)",
      "  --scale X                 multiply each case's record count by X (default 1.0)",
      "  --timeout 5m              per-run limit: 90s, 10m, 1h (default 5m)",
      "  --out DIR                 report folder (default " + DEFAULT_OUT + ")",
      "  --conf key=value          extra Spark setting, both sides (repeatable); below 450m Spark needs a smaller",
      "                            spark.testing.reservedMemory, which the curve sets to half the smallest memory",
      "                            for every run unless given here",
      "  also: --cores N, --max-failures N, --metrics-polling-millis N, --drop-in-jar PATH as for spillway ab");

  public CurveOptions {
    memories = List.copyOf(memories);
    if (memories.size() < 2) {
      throw new IllegalArgumentException("--memories needs at least two sizes, got " + memories);
    }
  }

  /** Parses {@code args}; {@code repoRoot} anchors the default drop-in jar. */
  public static CurveOptions parse(String[] args, Path repoRoot) {
    // The curve's defaults go first so that the user's own flags, parsed later, win.
    List<String> abArgs = new ArrayList<>(List.of("--cases", DEFAULT_CASES, "--out", DEFAULT_OUT));
    String memoriesArg = DEFAULT_MEMORIES;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--executor-memory") || flag.equals("--submit")) {
        throw new IllegalArgumentException(flag + " is not a curve option: the curve runs seed cases at every size "
            + "of --memories\n" + USAGE);
      }
      if (!flag.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + flag + "'\n" + USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
      }
      String v = args[++i];
      if (flag.equals("--memories")) {
        memoriesArg = v;
      } else {
        abArgs.add(flag);
        abArgs.add(v);
      }
    }
    List<String> memories = memories(memoriesArg);
    abArgs.add("--executor-memory");
    abArgs.add(memories.get(0));
    Optional<Long> reserved = reservedMemoryFor(memories, abArgs);
    reserved.ifPresent(bytes -> {
      abArgs.add("--conf");
      abArgs.add(RESERVED_MEMORY_KEY + "=" + bytes);
    });
    AbOptions ab;
    try {
      ab = AbOptions.parse(abArgs.toArray(String[]::new), repoRoot);
    } catch (IllegalArgumentException e) {
      // AbOptions appends its own usage; the curve usage is the one that applies here.
      String message = e.getMessage();
      int usage = message.indexOf("\nusage: spillway ab");
      throw new IllegalArgumentException((usage < 0 ? message : message.substring(0, usage)) + "\n" + USAGE, e);
    }
    return new CurveOptions(ab, memories, reserved);
  }

  /**
   * Half the smallest memory, in bytes, when it is below Spark's floor and {@code abArgs} do not set the
   * reserve already; empty otherwise. Half, not Spark's own 2/3 limit, because a JVM's usable heap
   * ({@code Runtime.maxMemory}, which Spark checks too) can be a little below {@code -Xmx}.
   */
  static Optional<Long> reservedMemoryFor(List<String> memories, List<String> abArgs) {
    long smallestBytes = (long) MemorySize.parseMiB(memories.get(memories.size() - 1)) << 20;
    boolean userSetIt = abArgs.stream().anyMatch(a -> a.startsWith(RESERVED_MEMORY_KEY + "="));
    return smallestBytes < SPARK_MIN_EXECUTOR_BYTES && !userSetIt ? Optional.of(smallestBytes / 2)
        : Optional.empty();
  }

  /** The options of the runs at {@code memory}: {@link #ab} with only the executor memory changed. */
  public AbOptions atMemory(String memory) {
    AbOptions a = ab;
    return new AbOptions(a.cases(), a.modes(), a.executors(), a.cores(), memory, MemorySize.parseMiB(memory),
        a.scale(), a.timeout(), a.out(), a.maxFailures(), a.pollingMillis(), a.conf(), a.dropInJar(), a.runnerMain(),
        a.submitArgs());
  }

  /** {@code 2g,512m,1g} → {@code [2g, 1g, 512m]}: lower-cased, largest first; sizes Spark would not take fail. */
  static List<String> memories(String v) {
    List<String> given = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .map(s -> s.toLowerCase(Locale.ROOT)).toList();
    Set<Integer> seen = new HashSet<>();
    for (String m : given) {
      int mib;
      try {
        mib = MemorySize.parseMiB(m);
      } catch (IllegalArgumentException e) { // NumberFormatException included
        throw new IllegalArgumentException("--memories takes sizes like 2g,512m between 64m and 1024g, got '" + m
            + "'");
      }
      if (!seen.add(mib)) {
        throw new IllegalArgumentException("--memories names " + mib + " MiB twice: '" + v + "'");
      }
    }
    if (given.size() < 2) {
      throw new IllegalArgumentException("--memories needs at least two sizes to draw a curve, got '" + v + "'");
    }
    return given.stream().sorted(Comparator.comparingInt(MemorySize::parseMiB).reversed()).toList();
  }
}

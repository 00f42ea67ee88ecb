package io.spillway.it.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spillway.it.cases.CaseParams;
import io.spillway.it.cases.CaseResult;
import io.spillway.it.cases.Cases;
import io.spillway.it.cases.OomCase;
import io.spillway.it.cluster.ClusterEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Runs ONE seed case in this JVM as the driver of a local cluster, then writes a result file.
 *
 * <p>Why a JVM per run: a case that kills executors can leave the driver in any state (lingering
 * threads, a half-dead cluster, a heap full of driver-side broadcast data); a fresh driver per run keeps
 * stock and Spillway runs independent. Spark's own failure (job aborted, lost executors) is recorded as
 * {@code status=error} with the message; the harness reads the event log for lost executors and exit
 * codes and decides between "OOM" and "error".
 *
 * <pre>
 * CaseRunner --case S1 --mode stock|spillway --executors 2 --cores 1 --executor-memory 512m --scale 1.0
 *            --event-log-dir DIR --result-file FILE [--measure-driver-heap true] [--conf key=value]...
 * </pre>
 * With {@code --measure-driver-heap true} the result also holds the driver's {@link DriverHeap} (live after a full
 * collection, and peak), measured after the job and before the SparkContext stops.
 * The process needs {@code SPARK_HOME} and {@code SPARK_SCALA_VERSION=2.13} in its environment and,
 * for {@code spillway}, the system property {@code spillway.dropInJar}.
 */
public final class CaseRunner {

  /** Most characters of the error message kept in the result file (the driver log has all of it). */
  static final int MAX_ERROR_CHARS = 64 * 1024;
  /** Most characters of the stack trace kept in the result file. */
  static final int MAX_STACK_TRACE_CHARS = 256 * 1024;

  /** {@code s} cut to {@code max} characters, saying how much was cut. */
  static String head(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "\n… (" + (s.length() - max) + " more characters cut)";
  }

  private CaseRunner() {}

  public static void main(String[] args) throws IOException {
    RunnerArgs a = RunnerArgs.parse(args);
    OomCase c = Cases.byIds(a.caseId).get(0);
    CaseParams params = c.defaults().scaled(a.scale);
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    out.put("case", c.id());
    out.put("mode", a.spillway ? "spillway" : "stock");
    out.put("records", params.records());
    out.put("partitions", params.partitions());
    out.put("skew", params.skew());
    long start = System.nanoTime();
    SparkSession spark = null;
    try {
      spark = SparkSession.builder().config(conf(a, c)).getOrCreate();
      out.put("appId", spark.sparkContext().applicationId());
      CaseResult r = c.run(spark, params);
      out.put("status", r.correct() ? "ok" : "wrong");
      out.put("expected", r.expected());
      out.put("actual", r.actual());
    } catch (Exception e) {
      // Spark's SparkException is checked but thrown from Scala without a declaration: a failed job
      // arrives here as an Exception, not a RuntimeException. Errors (OOM in the driver) are not caught.
      out.put("status", "error");
      // bounded: a job abort carries the executor's stack trace, which can run to megabytes
      out.put("error", head(String.valueOf(e.getMessage()), MAX_ERROR_CHARS));
      StringWriter sw = new StringWriter();
      e.printStackTrace(new PrintWriter(sw));
      out.put("stackTrace", head(sw.toString(), MAX_STACK_TRACE_CHARS));
    } finally {
      out.put("wallMillis", (System.nanoTime() - start) / 1_000_000);
      if (a.measureDriverHeap && spark != null) {
        DriverHeap heap = DriverHeap.measure();
        out.put("driverLiveHeapBytes", heap.liveBytes());
        out.put("driverPeakHeapBytes", heap.peakBytes());
      }
      if (spark != null) {
        spark.stop();
      }
    }
    Files.createDirectories(a.resultFile.toAbsolutePath().getParent());
    json.writerWithDefaultPrettyPrinter().writeValue(a.resultFile.toFile(), out);
    System.out.println("CaseRunner " + c.id() + " " + out.get("mode").asText() + ": " + out.get("status").asText()
        + " in " + out.get("wallMillis").asLong() + " ms");
    // Executors' non-daemon threads in a failed local cluster can keep the JVM alive.
    System.exit(0);
  }

  private static SparkConf conf(RunnerArgs a, OomCase c) {
    SparkConf conf = ClusterEnvironment.detect()
        .localClusterConf(a.executors, a.cores, a.executorMemoryMiB, a.spillway,
            executorClassPath(c, a.spillway))
        .setAppName("spillway-" + c.id() + "-" + (a.spillway ? "spillway" : "stock"));
    if (a.eventLogDir != null) {
      conf.set("spark.eventLog.enabled", "true")
          .set("spark.eventLog.dir", a.eventLogDir.toAbsolutePath().toUri().toString())
          .set("spark.eventLog.logStageExecutorMetrics", "true");
    }
    for (Map.Entry<String, String> e : c.sparkConf().entrySet()) {
      conf.set(e.getKey(), e.getValue());
    }
    for (String kv : a.conf) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--conf expects key=value, got '" + kv + "'");
      }
      conf.set(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return conf;
  }

  /**
   * The class path entries executors need for the case's closures: this runner's own entry plus the
   * case's, when the case lives elsewhere (e.g. a harness probe in test classes), plus, on the stock side
   * of a case that calls Spillway's API, wherever this driver loaded that API from (the drop-in jar the
   * command put on its class path). The Spillway side has the jar on the executors' class path already.
   */
  static List<Path> executorClassPath(OomCase c, boolean spillway) {
    List<Path> entries = new ArrayList<>();
    entries.add(ClusterEnvironment.classPathOf(CaseRunner.class));
    entries.add(ClusterEnvironment.classPathOf(c.getClass()));
    if (c.usesSpillwayApi() && !spillway) {
      entries.add(ClusterEnvironment.classPathOf(io.spillway.skew.SkewJoin.class));
    }
    return entries.stream().distinct().toList();
  }

  /** The command line, parsed; unknown flags fail with the list of known ones. */
  static final class RunnerArgs {
    String caseId;
    boolean spillway;
    int executors = 2;
    int cores = 1;
    int executorMemoryMiB = 512;
    double scale = 1.0;
    Path eventLogDir;
    Path resultFile = Path.of("case-result.json");
    boolean measureDriverHeap;
    final List<String> conf = new ArrayList<>();

    static RunnerArgs parse(String[] args) {
      RunnerArgs a = new RunnerArgs();
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String v = args[++i];
        switch (flag) {
          case "--case" -> a.caseId = v;
          case "--mode" -> {
            if (!v.equals("stock") && !v.equals("spillway")) {
              throw new IllegalArgumentException("--mode is stock or spillway, got " + v);
            }
            a.spillway = v.equals("spillway");
          }
          case "--executors" -> a.executors = Integer.parseInt(v);
          case "--cores" -> a.cores = Integer.parseInt(v);
          case "--executor-memory" -> a.executorMemoryMiB = MemorySize.parseMiB(v);
          case "--scale" -> a.scale = Double.parseDouble(v);
          case "--event-log-dir" -> a.eventLogDir = Path.of(v);
          case "--result-file" -> a.resultFile = Path.of(v);
          case "--conf" -> a.conf.add(v);
          case "--measure-driver-heap" -> a.measureDriverHeap = Boolean.parseBoolean(v);
          default -> throw new IllegalArgumentException("unknown flag " + flag
              + "; known: --case --mode --executors --cores --executor-memory --scale --event-log-dir --result-file --measure-driver-heap --conf");
        }
      }
      if (a.caseId == null) {
        throw new IllegalArgumentException("--case is required");
      }
      return a;
    }
  }
}

package io.spillway.it.sparksuites;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.it.cluster.ClusterEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Spark's own suites for shuffles, cogroups and joins ({@link SparkSuitesRunner#DEFAULT_SUITES}) pass with every
 * cogroup computed by Spillway, every group of more than a few values spilled, in the driver and in local-cluster
 * executors. The runner gets a JVM of its own: the agent it loads stays for the JVM's life.
 */
class SparkSuitesIT {

  private static final long TIMEOUT_MINUTES = 45;

  @Test
  void sparkSuitesPassWithSpillwaysCoGroup() throws IOException, InterruptedException {
    Path target = Path.of("target").toAbsolutePath();
    Path work = target.resolve("spark-suites");
    Path log = target.resolve("spark-suites.log");
    Path sparkHome = ClusterEnvironment.detect().sparkHome();

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ClusterEnvironment.JVM_MODULE_OPTIONS);
    command.add("-Xmx2g");
    command.add("-Dlog4j2.configurationFile=" + Path.of(target.toString(), "test-classes", "sparksuites", "log4j2.properties"));
    command.add("-cp");
    command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(SparkSuitesRunner.class.getName());
    command.add("--spark-home");
    command.add(sparkHome.toString());
    command.add("--work");
    command.add(work.toString());
    Process runner = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!runner.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      runner.destroyForcibly().waitFor();
      throw new AssertionError("Spark's suites did not finish in " + TIMEOUT_MINUTES + " min; see " + log);
    }

    assertThat(runner.exitValue()).as("runner exit code; its report: %s\n%s", log, tail(log)).isZero();
    Properties summary = new Properties();
    try (InputStream in = Files.newInputStream(work.resolve(SparkSuitesRunner.SUMMARY_FILE))) {
      summary.load(in);
    }
    assertThat(summary.getProperty("failed")).isEqualTo("0");
    assertThat(summary.getProperty("aborted")).isEqualTo("0");
    assertThat(Integer.parseInt(summary.getProperty("succeeded"))).isPositive();
    assertThat(summary.getProperty("rewrite")).isEqualTo("rewritten");
    assertThat(Long.parseLong(summary.getProperty("cogroupPartitions.driver")))
        .as("cogroup partitions Spillway computed in local-mode suites").isPositive();
    assertThat(Long.parseLong(summary.getProperty("cogroupPartitions.executors")))
        .as("cogroup partitions Spillway computed in local-cluster executors").isPositive();
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}

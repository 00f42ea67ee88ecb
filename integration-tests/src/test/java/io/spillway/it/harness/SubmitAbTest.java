package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submit mode against a fake SPARK_HOME whose {@code bin/spark-submit} is a shell script: it records its
 * arguments, then writes a canned real event log into the {@code spark.eventLog.dir} it was given — the
 * OOM log and exit 1 when Spillway's shuffle manager is absent, the spilling log and exit 0 when present.
 */
class SubmitAbTest {

  @TempDir
  Path tmp;

  private Path sparkHome;
  private Path repo;
  private Path jar;

  @BeforeEach
  void fakeSparkHome() throws Exception {
    sparkHome = Files.createDirectories(tmp.resolve("spark/bin")).getParent();
    Path oomLog = EventLogReaderTest.resource("oom-exit52")
        .resolve("eventlog_v2_app-20261127114834-0000/events_1_app-20261127114834-0000");
    Path okLog = EventLogReaderTest.resource("spill-ok").resolve("app-20261127114847-0000");
    String script = String.join("\n",
        "#!/usr/bin/env bash",
        "set -eu",
        "n=$(ls \"$(dirname \"$0\")/..\" | grep -c '^args-' || true)",
        "printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/../args-$n.txt\"",
        "dir=''; spillway=0",
        "for a in \"$@\"; do",
        "  case \"$a\" in",
        "    spark.eventLog.dir=*) dir=${a#spark.eventLog.dir=}; dir=${dir#file://} ;;",
        "    spark.shuffle.manager=io.spillway.*) spillway=1 ;;",
        "  esac",
        "done",
        "if [ $spillway = 1 ]; then cp '" + okLog + "' \"$dir/app-20261127114847-0000\"; exit 0; fi",
        "cp '" + oomLog + "' \"$dir/app-20261127114834-0000\"",
        "echo 'Job aborted due to stage failure' >&2",
        "exit 1", "");
    Path submit = sparkHome.resolve("bin/spark-submit");
    Files.writeString(submit, script);
    Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    repo = Files.createDirectories(tmp.resolve("repo"));
    Files.createDirectories(repo.resolve("conf"));
    Files.writeString(repo.resolve("conf/spark-defaults.conf"), String.join("\n",
        "# Spillway",
        "spark.shuffle.manager   io.spillway.shuffle.SpillwayShuffleManager",
        "spark.plugins=io.spillway.runtime.SpillwayPlugin",
        "spark.executor.extraJavaOptions  -Dchronicle.analytics.disable=true -Dx=y", ""));
    jar = Files.writeString(tmp.resolve("spillway.jar"), "not really a jar");
  }

  private AbOptions options(String... submitArgs) {
    String[] args = new String[6 + submitArgs.length];
    System.arraycopy(new String[] {"--out", tmp.resolve("report").toString(), "--drop-in-jar", jar.toString(),
        "--submit", "--"}, 0, args, 0, 6);
    System.arraycopy(submitArgs, 0, args, 6, submitArgs.length);
    return AbOptions.parse(args, repo);
  }

  @Test
  void run_fakeSparkSubmit_readsBothEventLogsIntoOneTable() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    AbReport report = SubmitAb.run(options("--class", "com.acme.BigJoin", "--jars", "dep.jar", "app.jar", "--in", "x"),
        repo, Map.of("SPARK_HOME", sparkHome.toString()), new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(report.runs()).extracting(RunRecord::caseId).containsExactly("BigJoin", "BigJoin");
    RunRecord stock = report.runs().get(0);
    RunRecord spillway = report.runs().get(1);
    assertThat(stock.outcome()).isEqualTo(Outcome.OOM);
    assertThat(stock.detail()).isEqualTo("1 executor lost, exit 52");
    assertThat(stock.exitCode()).isEqualTo(1);
    assertThat(spillway.outcome()).isEqualTo(Outcome.OK);
    assertThat(spillway.metrics().diskBytesSpilled()).isEqualTo(83_610_090L);
    assertThat(progress.toString(StandardCharsets.UTF_8))
        .contains("[1/2] BigJoin stock … OOM (1 executor lost, exit 52)").contains("[2/2] BigJoin spillway … ok");
    assertThat(report.nonDefaultSettings())
        .contains("spark.shuffle.manager=io.spillway.shuffle.SpillwayShuffleManager (spillway only)");

    List<String> stockArgs = Files.readAllLines(sparkHome.resolve("args-0.txt"));
    List<String> spillArgs = Files.readAllLines(sparkHome.resolve("args-1.txt"));
    assertThat(stockArgs).contains("spark.task.maxFailures=2", "spark.eventLog.enabled=true")
        .doesNotContain("spark.plugins=io.spillway.runtime.SpillwayPlugin")
        .containsSubsequence("--jars", "dep.jar", "app.jar", "--in", "x");
    assertThat(spillArgs).contains("spark.plugins=io.spillway.runtime.SpillwayPlugin",
            "spark.executor.extraJavaOptions=-Dchronicle.analytics.disable=true -Dx=y")
        .containsSubsequence("--jars", jar + ",dep.jar", "app.jar", "--in", "x")
        .containsOnlyOnce("--jars");
    assertThat(tmp.resolve("report/runs/BigJoin-stock/driver.log")).content().contains("Job aborted");
  }

  @Test
  void command_withoutUserJars_addsTheDropInJarBeforeTheApplication() {
    AbOptions o = options("--master", "local[2]", "--verbose", "app.py", "--jars", "not-an-option-here");
    RunFolder run = new RunFolder(tmp, "app.py", "spillway");
    List<String> cmd = SubmitAb.command(sparkHome.resolve("bin/spark-submit"), o, run, o.submitArgs().orElseThrow(),
        List.of("spark.plugins=P"));
    assertThat(cmd).containsSubsequence("--master", "local[2]", "--verbose", "--jars", jar.toString(), "app.py",
        "--jars", "not-an-option-here");
    assertThat(SubmitAb.appName(o.submitArgs().orElseThrow())).isEqualTo("app.py");
  }

  @Test
  void run_withoutSparkSubmit_saysWhatIsMissing() {
    assertThatThrownBy(() -> SubmitAb.run(options("app.jar"), repo, Map.of("SPARK_HOME", tmp.toString()),
        System.out)).hasMessageContaining("needs SPARK_HOME pointing to a Spark distribution");
  }
}

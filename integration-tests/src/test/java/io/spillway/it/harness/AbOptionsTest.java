package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AbOptionsTest {

  private static final Path ROOT = Path.of("/repo");

  private static AbOptions parse(String... args) {
    return AbOptions.parse(args, ROOT);
  }

  @Test
  void parse_noOptions_givesDefaultsThatFailFastOnBothSides() {
    AbOptions o = parse();
    assertThat(o.cases()).isEmpty();
    assertThat(o.modes()).containsExactly("stock", "spillway");
    assertThat(o.executors()).isEqualTo(2);
    assertThat(o.cores()).isEqualTo(1);
    assertThat(o.executorMemoryMiB()).isEqualTo(512);
    assertThat(o.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.maxFailures()).isEqualTo(2);
    assertThat(o.dropInJar()).isEqualTo(ROOT.resolve(AbOptions.DROP_IN_JAR));
    assertThat(o.harnessConf()).containsExactly("spark.task.maxFailures=2",
        "spark.stage.maxConsecutiveAttempts=2", "spark.executor.metrics.pollingInterval=100ms");
    assertThat(o.submitArgs()).isEmpty();
  }

  @Test
  void parse_allOptions_areTaken() {
    AbOptions o = parse("--cases", "s1, S3", "--modes", "stock", "--executors", "3", "--cores", "2",
        "--executor-memory", "1g", "--scale", "0.5", "--timeout", "90s", "--out", "/tmp/r", "--max-failures", "4",
        "--conf", "spark.sql.shuffle.partitions=8", "--conf", "a.b=c=d");
    assertThat(o.cases()).containsExactly("S1", "S3");
    assertThat(o.modes()).containsExactly("stock");
    assertThat(o.executors()).isEqualTo(3);
    assertThat(o.cores()).isEqualTo(2);
    assertThat(o.executorMemoryMiB()).isEqualTo(1024);
    assertThat(o.scale()).isEqualTo(0.5);
    assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(o.out()).isEqualTo(Path.of("/tmp/r"));
    assertThat(o.harnessConf()).contains("spark.task.maxFailures=4", "spark.sql.shuffle.partitions=8", "a.b=c=d");
  }

  @Test
  void parse_submit_takesEverythingAfterTheDoubleDash() {
    AbOptions o = parse("--executor-memory", "768m", "--submit", "--", "--class", "x.Main", "app.jar", "--scale", "9");
    assertThat(o.submitArgs()).contains(List.of("--class", "x.Main", "app.jar", "--scale", "9"));
    assertThat(o.executorMemoryMiB()).isEqualTo(768);
    assertThat(o.scale()).isEqualTo(1.0);
  }

  @Test
  void parse_badValues_sayWhatWasWrong() {
    assertThatThrownBy(() -> parse("--executors", "two")).hasMessage("--executors must be a positive integer, got 'two'");
    assertThatThrownBy(() -> parse("--cores", "0")).hasMessage("--cores must be a positive integer, got '0'");
    assertThatThrownBy(() -> parse("--scale", "-1")).hasMessage("--scale must be a number > 0, got '-1'");
    assertThatThrownBy(() -> parse("--timeout", "soon"))
        .hasMessage("--timeout must be a positive duration like 90s, 10m or 1h, got 'soon'");
    assertThatThrownBy(() -> parse("--modes", "stock,fast")).hasMessage("--modes takes stock and/or spillway, got 'fast'");
    assertThatThrownBy(() -> parse("--conf", "novalue")).hasMessage("--conf expects key=value, got 'novalue'");
    assertThatThrownBy(() -> parse("--executor-memory", "lots"))
        .hasMessage("--executor-memory must look like 512m or 2g, got 'lots'");
    assertThatThrownBy(() -> parse("--executor-memory", "10m")).hasMessageContaining("between 64m and 1024g");
    assertThatThrownBy(() -> parse("--cases", " , ")).hasMessageContaining("at least one case id");
    assertThatThrownBy(() -> parse("--submit", "--")).hasMessageContaining("--submit needs spark-submit arguments");
  }

  @Test
  void parse_unknownOrIncompleteFlags_showUsage() {
    assertThatThrownBy(() -> parse("--exectors", "2")).hasMessageStartingWith("unknown option --exectors")
        .hasMessageContaining("usage: spillway ab");
    assertThatThrownBy(() -> parse("--scale")).hasMessageStartingWith("--scale needs a value");
    assertThatThrownBy(() -> parse("S1")).hasMessageStartingWith("unexpected argument 'S1'");
  }

  @Test
  void duration_units_areSecondsMinutesHours() {
    assertThat(AbOptions.duration("--timeout", "45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(AbOptions.duration("--timeout", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(AbOptions.duration("--timeout", "1H")).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> AbOptions.duration("--timeout", "0s")).isInstanceOf(IllegalArgumentException.class);
  }
}

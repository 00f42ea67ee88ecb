package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  private static final Path ROOT = Path.of("/repo");

  @Test
  void parse_noOptions_givesTheBenchDefaults() {
    BenchOptions o = BenchOptions.parse(new String[0], ROOT);

    assertThat(o.pairs()).isEqualTo(5);
    assertThat(o.ab().cases()).containsExactly("S10", "B1", "B2");
    assertThat(o.ab().modes()).containsExactly("stock", "spillway");
    assertThat(o.ab().executorMemoryMiB()).isEqualTo(4096);
    assertThat(o.ab().out()).isEqualTo(Path.of("bench-report").toAbsolutePath());
    assertThat(o.ab().scale()).isEqualTo(1.0);
  }

  @Test
  void parse_options_overrideTheDefaults() {
    BenchOptions o = BenchOptions.parse(new String[] {"--cases", "b1", "--pairs", "1", "--scale", "0.2", "--out",
        "/tmp/b", "--executor-memory", "2g", "--timeout", "90s", "--conf", "a.b=c"}, ROOT);

    assertThat(o.pairs()).isEqualTo(1);
    assertThat(o.ab().cases()).containsExactly("B1");
    assertThat(o.ab().scale()).isEqualTo(0.2);
    assertThat(o.ab().out()).isEqualTo(Path.of("/tmp/b"));
    assertThat(o.ab().executorMemoryMiB()).isEqualTo(2048);
    assertThat(o.ab().timeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(o.ab().harnessConf()).contains("a.b=c");
  }

  @Test
  void parse_modesOrSubmit_areRefused() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--modes", "stock"}, ROOT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("always runs both sides");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--submit", "--", "x.jar"}, ROOT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a bench option");
  }

  @Test
  void parse_badPairsOrUnknownFlag_failsWithTheBenchUsage() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--pairs", "0"}, ROOT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--pairs must be a positive integer");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--bogus", "1"}, ROOT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --bogus")
        .hasMessageContaining("usage: spillway bench").hasMessageNotContaining("usage: spillway ab");
  }
}

package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CurveOptionsTest {

  private static final Path ROOT = Path.of("/repo");

  @Test
  void parse_noOptions_givesTheCurveDefaults() {
    CurveOptions o = CurveOptions.parse(new String[0], ROOT);

    assertThat(o.memories()).containsExactly("2g", "1g", "512m", "384m", "256m");
    assertThat(o.ab().cases()).containsExactly("S1");
    assertThat(o.ab().modes()).containsExactly("stock", "spillway");
    assertThat(o.ab().executors()).isEqualTo(2);
    assertThat(o.ab().executorMemoryMiB()).isEqualTo(2048);
    assertThat(o.ab().out()).isEqualTo(Path.of("curve-report").toAbsolutePath());
  }

  @Test
  void parse_memoryBelowSparksFloor_setsReservedMemoryToHalfTheSmallestForEveryRun() {
    CurveOptions o = CurveOptions.parse(new String[0], ROOT);

    assertThat(o.addedReservedMemoryBytes()).contains(128L << 20);
    assertThat(o.atMemory("2g").harnessConf()).contains("spark.testing.reservedMemory=" + (128L << 20));
    assertThat(o.atMemory("256m").harnessConf()).contains("spark.testing.reservedMemory=" + (128L << 20));
  }

  @Test
  void parse_allMemoriesAtOrAboveSparksFloor_leavesTheReserveAlone() {
    CurveOptions o = CurveOptions.parse(new String[] {"--memories", "1g,450m"}, ROOT);

    assertThat(o.addedReservedMemoryBytes()).isEmpty();
    assertThat(o.ab().harnessConf()).noneMatch(kv -> kv.startsWith("spark.testing.reservedMemory"));
  }

  @Test
  void parse_reserveGivenByTheUser_isKeptAndNotAdded() {
    CurveOptions o = CurveOptions.parse(new String[] {"--conf", "spark.testing.reservedMemory=0"}, ROOT);

    assertThat(o.addedReservedMemoryBytes()).isEmpty();
    assertThat(o.ab().harnessConf()).filteredOn(kv -> kv.startsWith("spark.testing.reservedMemory"))
        .containsExactly("spark.testing.reservedMemory=0");
  }

  @Test
  void parse_memoriesInAnyOrderAndCase_areSortedLargestFirst() {
    CurveOptions o = CurveOptions.parse(new String[] {"--memories", " 512m,2G,,1g "}, ROOT);

    assertThat(o.memories()).containsExactly("2g", "1g", "512m");
    assertThat(o.ab().executorMemory()).isEqualTo("2g");
  }

  @Test
  void parse_options_overrideTheDefaults() {
    CurveOptions o = CurveOptions.parse(new String[] {"--cases", "s1,s10", "--modes", "spillway", "--out", "/tmp/c",
        "--executors", "3", "--scale", "0.5", "--timeout", "10m"}, ROOT);

    assertThat(o.ab().cases()).containsExactly("S1", "S10");
    assertThat(o.ab().modes()).containsExactly("spillway");
    assertThat(o.ab().out()).isEqualTo(Path.of("/tmp/c"));
    assertThat(o.ab().executors()).isEqualTo(3);
    assertThat(o.ab().scale()).isEqualTo(0.5);
    assertThat(o.ab().timeout()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void atMemory_changesTheMemoryAndNothingElse() {
    CurveOptions o = CurveOptions.parse(new String[] {"--conf", "a.b=c", "--max-failures", "3"}, ROOT);

    AbOptions small = o.atMemory("384m");

    assertThat(small.executorMemory()).isEqualTo("384m");
    assertThat(small.executorMemoryMiB()).isEqualTo(384);
    assertThat(small.harnessConf()).isEqualTo(o.ab().harnessConf());
    assertThat(small.cases()).isEqualTo(o.ab().cases());
    assertThat(small.out()).isEqualTo(o.ab().out());
  }

  @Test
  void parse_badMemories_sayWhatIsWrong() {
    assertThatThrownBy(() -> CurveOptions.parse(new String[] {"--memories", "1g"}, ROOT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two sizes");
    assertThatThrownBy(() -> CurveOptions.parse(new String[] {"--memories", "1g,1024m"}, ROOT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names 1024 MiB twice");
    assertThatThrownBy(() -> CurveOptions.parse(new String[] {"--memories", "1g,lots"}, ROOT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 'lots'");
    assertThatThrownBy(() -> CurveOptions.parse(new String[] {"--memories", "1g,32m"}, ROOT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got '32m'");
  }

  @Test
  void parse_executorMemoryOrSubmit_areRefused() {
    assertThatThrownBy(() -> CurveOptions.parse(new String[] {"--executor-memory", "1g"}, ROOT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a curve option");
    assertThatThrownBy(() -> CurveOptions.parse(new String[] {"--submit", "--", "x.jar"}, ROOT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a curve option");
  }

  @Test
  void parse_unknownFlagOrBadMode_failsWithTheCurveUsage() {
    assertThatThrownBy(() -> CurveOptions.parse(new String[] {"--bogus", "1"}, ROOT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --bogus")
        .hasMessageContaining("usage: spillway curve").hasMessageNotContaining("usage: spillway ab");
    assertThatThrownBy(() -> CurveOptions.parse(new String[] {"--modes", "fast"}, ROOT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--modes takes stock and/or spillway");
    assertThatThrownBy(() -> CurveOptions.parse(new String[] {"--memories"}, ROOT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--memories needs a value");
  }
}

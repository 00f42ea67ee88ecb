package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which cases {@code spillway ab} and {@code spillway bench} run: the seed suite by default, named ones otherwise. */
class AbHarnessCaseSelectionTest {

  private static final Path ROOT = Path.of("/repo");

  @Test
  void caseTitles_abWithoutCases_isExactlyTheSeedSuite() {
    assertThat(AbHarness.caseTitles(AbOptions.parse(new String[0], ROOT)).keySet())
        .containsExactly("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "S11");
  }

  @Test
  void caseTitles_abWithBenchmarkCaseNamed_runsIt() {
    assertThat(AbHarness.caseTitles(AbOptions.parse(new String[] {"--cases", "B1"}, ROOT)).keySet())
        .containsExactly("B1");
  }

  @Test
  void caseTitles_benchDefaults_areTheNoPressureSuite() {
    assertThat(AbHarness.caseTitles(BenchOptions.parse(new String[0], ROOT).ab()).keySet())
        .containsExactly("B5", "B1", "B2", "B6", "B4", "H1", "H3", "H5", "H9", "H18");
  }

  @Test
  void caseTitles_unknownCase_failsBeforeAnyRun() {
    assertThatThrownBy(() -> AbHarness.caseTitles(AbOptions.parse(new String[] {"--cases", "B7"}, ROOT)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown case 'B7'");
  }
}

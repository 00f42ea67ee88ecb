package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CasesTest {

  private static List<String> ids(List<OomCase> cases) {
    return cases.stream().map(OomCase::id).toList();
  }

  @Test
  void all_isExactlyTheSeedSuiteInOrder() {
    assertThat(ids(Cases.all())).containsExactly("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "S11");
    assertThat(Cases.all()).allMatch(OomCase::isSeedCase);
  }

  @Test
  void benchmarks_areTheNoPressureWorkloads() {
    assertThat(ids(Cases.benchmarks())).containsExactly("B1", "B2", "B5", "B6", "B4", "H1", "H3", "H5", "H9", "H18");
    assertThat(Cases.benchmarks()).noneMatch(OomCase::isSeedCase);
    assertThat(ids(Cases.registered())).containsSubsequence("S1", "S11", "B1", "B2");
  }

  @Test
  void byIds_findsSeedAndBenchmarkCasesInTheOrderGiven() {
    assertThat(ids(Cases.byIds("s10, B1,b2"))).containsExactly("S10", "B1", "B2");
  }

  @Test
  void byIds_unknownId_namesTheKnownOnes() {
    assertThatThrownBy(() -> Cases.byIds("B9")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown case 'B9'").hasMessageContaining("B1");
  }
}

package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaseRunnerHeadTest {

  @Test
  void head_shortText_unchanged() {
    assertThat(CaseRunner.head("job aborted", 64)).isEqualTo("job aborted");
  }

  @Test
  void head_longText_cutAndSaysHowMuch() {
    String cut = CaseRunner.head("x".repeat(100), 10);

    assertThat(cut).startsWith("x".repeat(10) + "\n").endsWith("(90 more characters cut)");
  }
}

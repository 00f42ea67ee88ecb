package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class B4JoinUniformTest {

  private static final CaseParams TINY = CaseParams.of(40_000, 0.0, 4).with(B4JoinUniform.KEYS, 3_000);

  @Test
  void expected_hasOneItemPerFactRecord() {
    assertThat(B4JoinUniform.expected(TINY)).startsWith("items=40000 ");
  }

  @Test
  void keys_areUniformWithoutAHotKey() {
    long[] counts = new long[100];
    for (long g = 0; g < 100_000; g++) {
      counts[(int) B4JoinUniform.keyOf(g, 100)]++;
    }
    // 1 000 expected per key; a standard deviation is about 31.
    assertThat(java.util.Arrays.stream(counts).boxed()).allSatisfy(c -> assertThat(c).isBetween(850L, 1_150L));
  }

  @Test
  void defaults_areABenchmarkNotASeedCase() {
    B4JoinUniform c = new B4JoinUniform();
    assertThat(c.isSeedCase()).isFalse();
    assertThat(c.isBenchmark()).isTrue();
    assertThat(c.defaults().skew()).isZero();
  }

  @Test
  void run_tinyInstanceInLocalMode_answerEqualsExpected() {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("b4-tiny")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    try {
      CaseResult r = new B4JoinUniform().run(spark, TINY);

      assertThat(r.actual()).isEqualTo(r.expected());
    } finally {
      spark.stop();
    }
  }
}

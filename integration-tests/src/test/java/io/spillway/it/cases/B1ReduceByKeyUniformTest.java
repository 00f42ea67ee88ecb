package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class B1ReduceByKeyUniformTest {

  private static final CaseParams TINY = CaseParams.of(60_000, 0.0, 4).with(B1ReduceByKeyUniform.KEYS, 5_000);

  @Test
  void expected_equalsSummingWithAHashMap() {
    Map<Long, Long> sums = new HashMap<>();
    for (long g = 0; g < TINY.records(); g++) {
      sums.merge(B1ReduceByKeyUniform.keyOf(g, 5_000), B1ReduceByKeyUniform.valueOf(g), Long::sum);
    }
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    sums.forEach((k, s) -> acc.add(GenChecksum.hash(k, s)));

    assertThat(B1ReduceByKeyUniform.expected(TINY)).isEqualTo(acc.render());
    // 12 records per key on average: every key is hit.
    assertThat(acc.items()).isEqualTo(5_000);
  }

  @Test
  void keys_areUniformWithoutAHotKey() {
    long[] counts = new long[100];
    for (long g = 0; g < 100_000; g++) {
      counts[(int) B1ReduceByKeyUniform.keyOf(g, 100)]++;
    }
    // 1 000 expected per key; a standard deviation is about 31.
    assertThat(java.util.Arrays.stream(counts).boxed()).allSatisfy(c -> assertThat(c).isBetween(850L, 1_150L));
  }

  @Test
  void defaults_areABenchmarkNotASeedCase() {
    B1ReduceByKeyUniform c = new B1ReduceByKeyUniform();
    assertThat(c.isSeedCase()).isFalse();
    assertThat(c.defaults().skew()).isZero();
  }

  @Test
  void run_tinyInstanceInLocalMode_answerEqualsExpected() {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("b1-tiny")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    try {
      CaseResult r = new B1ReduceByKeyUniform().run(spark, TINY);

      assertThat(r.actual()).isEqualTo(r.expected());
      assertThat(r.expected()).startsWith("items=5000 ");
    } finally {
      spark.stop();
    }
  }
}

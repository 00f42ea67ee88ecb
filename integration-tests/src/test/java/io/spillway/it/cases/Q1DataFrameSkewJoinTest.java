package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class Q1DataFrameSkewJoinTest {

  private static final CaseParams TINY = CaseParams.of(20_000, 0.6, 4).with("keys", 11);

  @Test
  void expected_hotKeyHoldsThreeRowsInFive() {
    // the hot key and all 11 cold keys (11 is coprime to 5, so every residue meets an id with id % 5 >= 3)
    assertThat(Q1DataFrameSkewJoin.expected(20_000, 11)).startsWith("12 names, checksum ");
    assertThat(Q1DataFrameSkewJoin.expected(20_000, 11)).isNotEqualTo(Q1DataFrameSkewJoin.expected(20_001, 11));
  }

  @Test
  void run_tinyInstanceInLocalMode_answerEqualsExpected() {
    SparkSession.Builder builder = SparkSession.builder().master("local[2]").appName("q1-tiny")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1");
    for (Map.Entry<String, String> e : new Q1DataFrameSkewJoin().sparkConf().entrySet()) {
      builder.config(e.getKey(), e.getValue());
    }
    SparkSession spark = builder.getOrCreate();
    try {
      CaseResult r = new Q1DataFrameSkewJoin().run(spark, TINY);

      assertThat(r.correct()).as("%s vs %s", r.actual(), r.expected()).isTrue();
    } finally {
      spark.stop();
    }
  }
}

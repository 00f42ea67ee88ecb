package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class B6GroupByKeyLargeGroupsTest {

  private static final CaseParams TINY = CaseParams.of(50_000, 0.0, 4).with(B6GroupByKeyLargeGroups.KEYS, 10);

  @Test
  void expected_hasOneItemPerKey() {
    assertThat(B6GroupByKeyLargeGroups.expected(TINY)).startsWith("items=10 ");
  }

  @Test
  void defaults_makeGroupsOfTensOfThousandsOfValues() {
    CaseParams d = new B6GroupByKeyLargeGroups().defaults();
    assertThat(d.records() / d.extra(B6GroupByKeyLargeGroups.KEYS)).isBetween(10_000L, 100_000L);
  }

  @Test
  void run_tinyInstanceInLocalMode_answerEqualsExpected() {
    SparkSession spark = LocalSessions.start("b6-tiny");
    try {
      CaseResult r = new B6GroupByKeyLargeGroups().run(spark, TINY);

      assertThat(r.actual()).isEqualTo(r.expected());
    } finally {
      spark.stop();
    }
  }
}

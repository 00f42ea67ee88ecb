package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class B2SortByKeyUniformTest {

  private static final CaseParams TINY = CaseParams.of(40_000, 0.0, 4);

  @Test
  void expected_equalsHashingEveryGeneratedRecord() {
    long checksum = 0;
    List<Long> keys = new ArrayList<>();
    for (long g = 0; g < TINY.records(); g++) {
      long key = B2SortByKeyUniform.keyOf(g);
      keys.add(key);
      checksum += GenChecksum.hash(key, B2SortByKeyUniform.payloadOf(g).hashCode());
    }

    assertThat(B2SortByKeyUniform.expected(TINY)).isEqualTo(B2SortByKeyUniform.render(true, 40_000, checksum));
    assertThat(keys).allSatisfy(k -> assertThat(k).isNotNegative());
    assertThat(keys.stream().distinct().count()).isEqualTo(40_000);
  }

  @Test
  void payload_isTwentyCharacters() {
    assertThat(B2SortByKeyUniform.payloadOf(7)).hasSize(20).startsWith("row-");
  }

  @Test
  void run_tinyInstanceInLocalMode_answerEqualsExpected() {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("b2-tiny")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    try {
      CaseResult r = new B2SortByKeyUniform().run(spark, TINY);

      assertThat(r.actual()).isEqualTo(r.expected());
      assertThat(r.expected()).startsWith("sorted=true records=40000 ");
    } finally {
      spark.stop();
    }
  }
}

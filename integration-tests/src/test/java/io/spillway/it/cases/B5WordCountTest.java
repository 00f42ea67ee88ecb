package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class B5WordCountTest {

  private static final CaseParams TINY = CaseParams.of(20_000, 0.0, 4).with(B5WordCount.VOCABULARY, 5_000);

  @Test
  void line_isItsRanksAsBase36Words() {
    long[] ranks = B5WordCount.ranks(17, 5_000);
    String[] words = B5WordCount.line(17, 5_000).split(" ");

    assertThat(words).hasSameSizeAs(ranks).hasSizeBetween(4, 19);
    for (int i = 0; i < ranks.length; i++) {
      assertThat(Long.parseLong(words[i].substring(1), Character.MAX_RADIX)).isEqualTo(ranks[i]);
    }
  }

  @Test
  void vocabulary_hasAHeadAndALongTail() {
    long head = 0;
    long all = 0;
    for (long g = 0; g < 20_000; g++) {
      for (long r : B5WordCount.ranks(g, 5_000)) {
        all++;
        head += r < 50 ? 1 : 0;
      }
    }
    // 1 % of the words carry about a fifth of the occurrences (u^3 < 0.01: u < 0.215)
    assertThat((double) head / all).isBetween(0.15, 0.30);
  }

  @Test
  void run_tinyInstanceInLocalMode_answerEqualsExpected() {
    SparkSession spark = LocalSessions.start("b5-tiny");
    try {
      CaseResult r = new B5WordCount().run(spark, TINY);

      assertThat(r.actual()).isEqualTo(r.expected());
    } finally {
      spark.stop();
    }
  }
}

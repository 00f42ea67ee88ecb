package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs S1–S5 at a tiny scale in {@code local[2]} (no cluster, no OOM): the Spark job of each case must
 * compute exactly what its generator-based expected answer says, so a wrong job or a wrong expected
 * value fails here rather than as a mysterious "wrong" in the A/B report.
 */
class SeedCasesS1ToS5LocalModeTest {

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder().master("local[2]").appName("seed-cases-s1-s5")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @ParameterizedTest
  @ValueSource(strings = {"S1", "S2", "S3", "S4", "S5"})
  void run_tinyScaleAnswerEqualsExpected(String id) {
    OomCase c = Cases.byIds(id).get(0);
    CaseParams tiny = c.defaults().scaled(20_000.0 / c.defaults().records());
    if (c.defaults().extra().containsKey("users")) {
      tiny = tiny.with("users", 2_500);
    }

    CaseResult r = c.run(spark, tiny);

    assertThat(r.actual()).isEqualTo(r.expected());
    assertThat(r.expected()).doesNotStartWith("items=0 ");
  }
}

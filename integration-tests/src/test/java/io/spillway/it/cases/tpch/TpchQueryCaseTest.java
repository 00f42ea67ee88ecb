package io.spillway.it.cases.tpch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spillway.it.cases.CaseParams;
import io.spillway.it.cases.CaseResult;
import io.trino.tpch.TpchTable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class TpchQueryCaseTest {

  /** Scale factor 0.01: 60 000 lineitem rows. */
  private static final CaseParams TINY = CaseParams.of(60_000, 0.0, 2);

  @Test
  void schema_moneyIsDecimalAndKeysAreLongs() {
    var schema = TpchData.schemaOf(TpchTable.LINE_ITEM);
    assertThat(schema.apply("l_extendedprice").dataType()).isEqualTo(DataTypes.createDecimalType(15, 2));
    assertThat(schema.apply("l_orderkey").dataType()).isEqualTo(DataTypes.LongType);
    assertThat(schema.apply("l_shipdate").dataType()).isEqualTo(DataTypes.DateType);
  }

  @Test
  void render_dependsOnEveryValueAndTheOrder() {
    Row a = org.apache.spark.sql.RowFactory.create("A", new java.math.BigDecimal("1.50"));
    Row b = org.apache.spark.sql.RowFactory.create("B", new java.math.BigDecimal("2.00"));
    Row b2 = org.apache.spark.sql.RowFactory.create("B", new java.math.BigDecimal("2.01"));

    assertThat(TpchQueryCase.render(List.of(a, b))).startsWith("rows=2 ")
        .isNotEqualTo(TpchQueryCase.render(List.of(b, a)))
        .isNotEqualTo(TpchQueryCase.render(List.of(a, b2)));
  }

  @Test
  void unknownQuery_isRefusedNamingTheKnownOnes() {
    assertThatThrownBy(() -> new TpchQueryCase(2)).hasMessageContaining("no TPC-H query 2");
  }

  /**
   * Each query at scale factor 0.01 in local mode: it runs and returns rows, and Q5 and Q18 (joins, aggregations,
   * a semi-join) give the same answer again with adaptive execution off and another number of shuffle partitions,
   * so other plans and other shuffles; Q1's counts add up to the lineitem rows it keeps.
   */
  @Test
  void run_everyQueryTinyInLocalMode_answerIsTheSameUnderAnotherPlan() {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("tpch-tiny")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
    try {
      Map<String, String> answers = new TreeMap<>();
      for (int q : new int[] {1, 3, 5, 9, 18}) {
        CaseResult r = new TpchQueryCase(q).run(spark, TINY);
        assertThat(r.correct()).isTrue();
        answers.put("Q" + q, r.actual());
      }
      assertThat(answers.get("Q1")).startsWith("rows=4 ");
      assertThat(answers.get("Q3")).startsWith("rows=10 ");
      assertThat(answers.get("Q9")).doesNotStartWith("rows=0 ");
      long kept = spark.sql("select count(*) from lineitem where l_shipdate <= date '1998-09-02'").first().getLong(0);
      long counted = spark.sql(TpchQueries.SQL.get(1)).collectAsList().stream()
          .mapToLong(row -> row.getLong(row.fieldIndex("count_order"))).sum();
      assertThat(counted).isEqualTo(kept).isPositive();

      spark.conf().set("spark.sql.adaptive.enabled", "false");
      spark.conf().set("spark.sql.shuffle.partitions", "3");
      for (int q : new int[] {5, 18}) {
        assertThat(new TpchQueryCase(q).run(spark, TINY).actual()).as("Q%d under another plan", q)
            .isEqualTo(answers.get("Q" + q));
      }
    } finally {
      spark.stop();
    }
  }
}

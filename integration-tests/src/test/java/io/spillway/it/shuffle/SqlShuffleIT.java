package io.spillway.it.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.skew.ReportedKey;
import io.spillway.runtime.skew.ShuffleSkewReport;
import io.spillway.runtime.skew.ShuffleSkewReportEvent;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spark SQL shuffles through {@code SpillwayShuffleManager}: an aggregation whose reduce partitions AQE
 * coalesces (multi-partition reads, batch fetch of continuous blocks) and a sort-merge join whose skewed
 * partition AQE splits by map-index range. Results equal stock Spark's, and the executed plans prove
 * coalescing and skew splitting really happened in both modes. With Spillway, the skew report of the
 * join's fact-side exchange names the hot key's column value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlShuffleIT {

  /** Rows of the fact table; key 0 holds 60% of them, so its join partition is skewed. */
  private static final long FACT_ROWS = 40_000;

  private final Map<ShuffleClusters, Results> results = new EnumMap<>(ShuffleClusters.class);
  private final List<ShuffleSkewReport> spillwaySkewReports = new CopyOnWriteArrayList<>();

  private static final class Results {
    List<String> aggregation;
    String aggregationPlan;
    List<String> skewJoin;
    String skewJoinPlan;
  }

  @BeforeAll
  void runQueriesInBothModes() throws Exception {
    for (ShuffleClusters mode : ShuffleClusters.values()) {
      SparkSession spark = SparkSession.builder()
          .config(mode.conf("sql-shuffle-it", SqlShuffleIT.class)
              .set("spark.sql.adaptive.enabled", "true")
              .set("spark.sql.adaptive.coalescePartitions.enabled", "true")
              .set("spark.sql.adaptive.skewJoin.enabled", "true")
              .set("spark.sql.autoBroadcastJoinThreshold", "-1")
              .set("spark.sql.adaptive.autoBroadcastJoinThreshold", "-1")
              .set("spark.sql.shuffle.partitions", "12")
              // 40 000 rows only: count one row in 8 (default 128) so the report's shares are tight
              .set("spark.spillway.skew.sampleEvery", "8")
              .set("spark.sql.warehouse.dir", "target/spark-warehouse-shuffle-it"))
          .getOrCreate();
      try {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        ShuffleClusters.awaitExecutors(sc);
        mode.assertExecutorsUse(sc);
        if (mode.spillway()) {
          sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onOtherEvent(SparkListenerEvent event) {
              if (event instanceof ShuffleSkewReportEvent e) {
                spillwaySkewReports.add(e.getReport());
              }
            }
          });
        }
        results.put(mode, runQueries(spark));
        sc.sc().listenerBus().waitUntilEmpty(TimeUnit.SECONDS.toMillis(30)); // every report delivered
      } finally {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
      }
    }
  }

  private static Results runQueries(SparkSession spark) {
    Results r = new Results();
    Dataset<Row> facts = spark.range(0, FACT_ROWS, 1, 6)
        .selectExpr("CASE WHEN id % 5 < 3 THEN 0 ELSE id % 96 + 1 END AS k", "id AS v");
    Dataset<Row> dims = spark.range(0, 97, 1, 2).selectExpr("id AS k", "concat('d', id) AS name");

    // Aggregation, partitions coalesced: 12 small shuffle partitions fit one 64 MiB advisory partition.
    spark.conf().set("spark.sql.adaptive.advisoryPartitionSizeInBytes", "64m");
    Dataset<Row> agg = facts.groupBy("k").agg(
        org.apache.spark.sql.functions.count("v").as("n"),
        org.apache.spark.sql.functions.sum("v").as("total"))
        .orderBy("k");
    r.aggregation = agg.collectAsList().stream().map(Row::toString).toList();
    r.aggregationPlan = agg.queryExecution().executedPlan().toString();

    // Sort-merge join with the skewed partition split by map-index ranges.
    spark.conf().set("spark.sql.adaptive.advisoryPartitionSizeInBytes", "1k");
    spark.conf().set("spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes", "1k");
    spark.conf().set("spark.sql.adaptive.skewJoin.skewedPartitionFactor", "1");
    spark.conf().set("spark.sql.adaptive.coalescePartitions.enabled", "false");
    Dataset<Row> joined = facts.join(dims, "k")
        .groupBy("name").agg(
            org.apache.spark.sql.functions.count("v").as("n"),
            org.apache.spark.sql.functions.sum("v").as("total"))
        .orderBy("name");
    r.skewJoin = joined.collectAsList().stream().map(Row::toString).toList();
    r.skewJoinPlan = joined.queryExecution().executedPlan().toString();
    return r;
  }

  private Results stock() {
    return results.get(ShuffleClusters.STOCK);
  }

  private Results spillway() {
    return results.get(ShuffleClusters.SPILLWAY);
  }

  @Test
  void aggregation_coalescedPartitions_sameAsStock() {
    assertThat(spillway().aggregation).hasSize(97).isEqualTo(stock().aggregation);
    assertThat(spillway().aggregationPlan).contains("AQEShuffleRead coalesced");
    assertThat(stock().aggregationPlan).contains("AQEShuffleRead coalesced");
  }

  @Test
  void sortMergeJoin_skewSplitByMapRanges_sameAsStock() {
    assertThat(spillway().skewJoin).hasSize(97).isEqualTo(stock().skewJoin);
    // key 0 ("d0") holds 3 of every 5 fact rows.
    assertThat(spillway().skewJoin.get(0)).startsWith("[d0," + (FACT_ROWS * 3 / 5) + ",");
    assertThat(spillway().skewJoinPlan).contains("SortMergeJoin").contains("skew=true").contains("skewed");
    assertThat(stock().skewJoinPlan).contains("skew=true");
  }

  @Test
  void sortMergeJoin_skewReport_namesTheHotKeyColumnValue() {
    // facts are (k, v): the hot key k = 0 is column #0 of the shuffled rows; 3 of 5 rows carry it
    List<ReportedKey> hot = spillwaySkewReports.stream()
        .filter(r -> r.operation().equals("SQL exchange"))
        .flatMap(r -> r.hotKeys().stream())
        .toList();
    assertThat(hot).extracting(ReportedKey::rendered).contains("column #0 = 0");
    assertThat(hot).filteredOn(k -> k.rendered().equals("column #0 = 0"))
        .allSatisfy(k -> assertThat(k.recordsShare()).isBetween(0.5, 0.7));
  }
}

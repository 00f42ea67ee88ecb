package io.spillway.it.cases;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Q1 — a DataFrame sort-merge join on a skewed key, which adaptive query execution splits: the Spark SQL
 * path through the shuffle manager (AQE's skew split reads map-index ranges, {@code getReader} with a
 * partial map range) on every Spark line, with a checked answer.
 *
 * <p>Facts: {@code records} rows {@code (k, v = id)}, where {@code k = 0} for three ids in five (the hot key)
 * and {@code id % keys + 1} otherwise; dimensions: one row per key, {@code (k, "d" + k)}. The query joins
 * them, then counts and sums {@code v} per dimension name. Broadcast joins are off, so the join is a
 * sort-merge join whose hot partition AQE splits ({@code skewJoin.enabled}, thresholds lowered).
 *
 * <p>Not a seed OOM case: it answers "does the same jar run a SQL skew join right on this Spark line", so
 * {@code spillway ab} runs it only when named ({@code --cases Q1}). Answer: an order-independent checksum of
 * the {@code (name, count, sum)} rows, computed on the driver from the formula above.
 *
 * <p>Knobs: {@code keys} (distinct cold keys; coprime to 5, or some never meet a cold row and the hot share
 * is not three in five).
 */
public final class Q1DataFrameSkewJoin implements OomCase {

  /** Three fact rows in five carry the hot key. */
  private static final int HOT_OF_FIVE = 3;

  @Override
  public String id() {
    return "Q1";
  }

  @Override
  public String title() {
    return "DataFrame sort-merge join on a skewed key, split by AQE";
  }

  @Override
  public String seedCases() {
    return "none (SQL path check)";
  }

  @Override
  public CaseParams defaults() {
    return CaseParams.of(5_000_000, 0.6, 12).with("keys", 96);
  }

  @Override
  public boolean isSeedCase() {
    return false;
  }

  @Override
  public boolean isBenchmark() {
    return false;
  }

  @Override
  public Map<String, String> sparkConf() {
    return Map.of(
        "spark.sql.adaptive.enabled", "true",
        "spark.sql.adaptive.skewJoin.enabled", "true",
        "spark.sql.autoBroadcastJoinThreshold", "-1",
        "spark.sql.adaptive.autoBroadcastJoinThreshold", "-1",
        "spark.sql.adaptive.coalescePartitions.enabled", "false",
        "spark.sql.adaptive.advisoryPartitionSizeInBytes", "1m",
        "spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes", "1m",
        "spark.sql.adaptive.skewJoin.skewedPartitionFactor", "2");
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    long rows = params.records();
    long keys = params.extra("keys");
    if (keys % 5 == 0) {
      throw new IllegalArgumentException("keys must be coprime to 5, was " + keys);
    }
    spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(params.partitions()));
    Dataset<Row> facts = spark.range(0, rows, 1, params.partitions())
        .selectExpr("CASE WHEN id % 5 < " + HOT_OF_FIVE + " THEN 0 ELSE id % " + keys + " + 1 END AS k", "id AS v");
    Dataset<Row> dims = spark.range(0, keys + 1, 1, 2).selectExpr("id AS k", "concat('d', id) AS name");
    List<Row> out = facts.join(dims, "k")
        .groupBy("name").agg(functions.count("v").as("n"), functions.sum("v").as("total"))
        .collectAsList();
    long actual = 0;
    for (Row r : out) {
      actual += GenChecksum.hash(r.getString(0).hashCode(), r.getLong(1), r.getLong(2));
    }
    return new CaseResult(expected(rows, keys), out.size() + " names, checksum " + Long.toHexString(actual));
  }

  /** The answer from the data's formula: per key, the count and sum of the ids that carry it. */
  static String expected(long rows, long keys) {
    long[] count = new long[(int) keys + 1];
    long[] sum = new long[(int) keys + 1];
    for (long id = 0; id < rows; id++) {
      int k = id % 5 < HOT_OF_FIVE ? 0 : (int) (id % keys + 1);
      count[k]++;
      sum[k] += id;
    }
    long checksum = 0;
    int names = 0;
    for (int k = 0; k <= keys; k++) {
      if (count[k] > 0) {
        names++;
        checksum += GenChecksum.hash(("d" + k).hashCode(), count[k], sum[k]);
      }
    }
    return names + " names, checksum " + Long.toHexString(checksum);
  }
}

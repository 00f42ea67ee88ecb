package io.spillway.it.cases.tpch;

import io.spillway.it.cases.CaseParams;
import io.spillway.it.cases.CaseResult;
import io.spillway.it.cases.BenchmarkWorkload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * H{n} — TPC-H query {n} through Spark SQL over generated tables ({@link TpchData}): a no-pressure benchmark
 * workload for {@code spillway bench}, the SQL shape most cluster jobs have. Its answer cannot be derived without
 * a query engine, so it is judged against stock: {@link CaseResult#checkedAgainstStock} — the benchmark requires
 * both sides of a pair to return the same rows (decimal columns make that exact).
 *
 * <p>Scale: {@code records} is lineitem's row count, about 6 million per TPC-H scale factor; {@code --scale}
 * multiplies it. Knob {@code partitions}: the generator's parts per large table (Parquet files per table).
 */
public final class TpchQueryCase implements BenchmarkWorkload {

  /** Lineitem rows per TPC-H scale factor, as the specification sizes it. */
  static final long LINEITEM_ROWS_PER_SCALE_FACTOR = 6_000_000;

  private final int query;

  public TpchQueryCase(int query) {
    if (!TpchQueries.SQL.containsKey(query)) {
      throw new IllegalArgumentException("no TPC-H query " + query + "; known: " + TpchQueries.SQL.keySet());
    }
    this.query = query;
  }

  @Override
  public String id() {
    return "H" + query;
  }

  @Override
  public String title() {
    return "benchmark: TPC-H Q" + query + " in Spark SQL, no memory pressure";
  }



  /** The tables are generated once, by the first run at a scale. */
  @Override
  public boolean preparesInput() {
    return true;
  }

  @Override
  public CaseParams defaults() {
    return CaseParams.of(LINEITEM_ROWS_PER_SCALE_FACTOR, 0.0, 8);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    double scaleFactor = Math.max(0.01, Math.round(100.0 * params.records() / LINEITEM_ROWS_PER_SCALE_FACTOR) / 100.0);
    TpchData.register(spark, scaleFactor, params.partitions());
    List<Row> rows = spark.sql(TpchQueries.SQL.get(query)).collectAsList();
    return CaseResult.checkedAgainstStock(render(rows));
  }

  /** "rows=N sha256=…" over the rows in their order, each value as Spark returns it (decimals in plain form). */
  static String render(List<Row> rows) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Row r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length(); i++) {
        Object v = r.get(i);
        line.append(v instanceof java.math.BigDecimal d ? d.toPlainString() : String.valueOf(v)).append('|');
      }
      sha.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }
    return String.format(Locale.ROOT, "rows=%d sha256=%s", rows.size(), HexFormat.of().formatHex(sha.digest()));
  }
}

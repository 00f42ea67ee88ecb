package io.spillway.it.cases;

import io.spillway.skew.SkewJoin;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * S2S — S2 written with {@link SkewJoin}: the same data, parameters and expected answer as {@link S2JoinHotKey},
 * only {@code big.join(dimension, parts)} becomes {@code SkewJoin.join(big, dimension, parts)}.
 *
 * <p>It answers a different question from the seed cases: not "does the drop-in jar save an unchanged job" but
 * "does the one-line change the skew-join API asks for save it, with and without Spillway's shuffle manager".
 * It is therefore not a seed case ({@code spillway ab} runs it only when named, e.g. {@code --cases S2,S2S}) and
 * not a benchmark workload; it {@link #usesSpillwayApi() uses Spillway's API}, so the harness puts the drop-in
 * jar on the stock side's class paths too, with nothing switched on.
 */
public final class S2SJoinHotKeySkewJoin implements OomCase {

  private final S2JoinHotKey s2 = new S2JoinHotKey();

  @Override
  public String id() {
    return "S2S";
  }

  @Override
  public String title() {
    return "S2 written with io.spillway.skew.SkewJoin";
  }

  @Override
  public String seedCases() {
    return s2.seedCases();
  }

  @Override
  public CaseParams defaults() {
    return s2.defaults();
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
  public boolean usesSpillwayApi() {
    return true;
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    GenSkewedPairs gen = S2JoinHotKey.generator(params);
    String expected = S2JoinHotKey.expected(gen);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long keys = gen.coldKeys() + 1;
    int parts = params.partitions();
    JavaPairRDD<Long, Long> dimension = GenSkewedPairs.partitionIds(jsc, parts)
        .flatMapToPair(p -> S2JoinHotKey.dimensionRows(keys * p / parts, keys * (p + 1) / parts));
    JavaRDD<Long> pairHashes = SkewJoin.join(gen.rdd(jsc).mapValues(GenPayloads::text), dimension, parts)
        .map(t -> GenChecksum.hash(t._1(), t._2()._1().hashCode(), t._2()._2()));
    return new CaseResult(expected, GenChecksum.sumOnExecutors(pairHashes));
  }
}

package io.spillway.it.cases;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * B4 — a plain RDD {@code join} of a fact side over uniformly drawn keys with a one-row-per-key dimension, with
 * no skew: a benchmark workload for {@code spillway bench}, not a seed OOM case. It measures what Spillway's
 * cogroup (every RDD join is a {@code CoGroupedRDD}) costs when no group comes near the spill threshold.
 *
 * <p>Shape: record {@code g} is {@code (key, value)} with {@code key = below(hash(g), keys)} and
 * {@code value = hash'(g)}; the dimension has {@code (k, mix64(k ^ salt))} for every key slot. Answer: one item
 * per fact record (every key has a dimension row), checksum over (key, value, dimension value); the driver
 * streams the same words without Spark.
 *
 * <p>Knobs: {@code keys}. Scaling changes fact records only.
 */
public final class B4JoinUniform implements BenchmarkWorkload {

  /** How many key slots fact records are drawn from, uniformly; the dimension has one row per slot. */
  public static final String KEYS = "keys";

  private static final long SALT_KEY = 0xB4_01L;
  private static final long SALT_VALUE = 0xB4_02L;
  private static final long SALT_DIMENSION = 0xB4_03L;

  @Override
  public String id() {
    return "B4";
  }

  @Override
  public String title() {
    return "benchmark: RDD join with a dimension over uniform keys, no skew, no memory pressure";
  }



  @Override
  public CaseParams defaults() {
    return CaseParams.of(10_000_000, 0.0, 8).with(KEYS, 1_000_000);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    long records = params.records();
    int partitions = params.partitions();
    long keys = params.extra(KEYS);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaPairRDD<Long, Long> facts = UtilSplit.partitionIds(jsc, partitions)
        .flatMap(p -> UtilValueIterator.ofPartition(records, partitions, p, g -> g))
        .mapToPair(g -> new Tuple2<>(keyOf(g, keys), valueOf(g)));
    JavaPairRDD<Long, Long> dimension = UtilSplit.partitionIds(jsc, partitions)
        .flatMap(p -> UtilValueIterator.ofPartition(keys, partitions, p, k -> k))
        .mapToPair(k -> new Tuple2<>(k, dimensionValue(k)));
    JavaRDD<Long> joined = facts.join(dimension, partitions)
        .map(t -> GenChecksum.hash(t._1(), t._2()._1(), t._2()._2()));
    return new CaseResult(expected(params), GenChecksum.sumOnExecutors(joined));
  }

  /** The answer from the generator alone: one item per fact record. */
  static String expected(CaseParams params) {
    long keys = params.extra(KEYS);
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    for (long g = 0; g < params.records(); g++) {
      long k = keyOf(g, keys);
      acc.add(GenChecksum.hash(k, valueOf(g), dimensionValue(k)));
    }
    return acc.render();
  }

  static long keyOf(long g, long keys) {
    return UtilHash.below(UtilHash.hash(g, SALT_KEY), keys);
  }

  static long valueOf(long g) {
    return UtilHash.hash(g, SALT_VALUE);
  }

  static long dimensionValue(long k) {
    return GenChecksum.mix64(k ^ SALT_DIMENSION);
  }
}

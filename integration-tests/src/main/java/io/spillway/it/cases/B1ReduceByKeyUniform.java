package io.spillway.it.cases;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * B1 — a plain {@code reduceByKey(_ + _)} over many uniformly drawn keys, with no skew: a benchmark workload
 * for {@code spillway bench}, not a seed OOM case. It exists to measure what Spillway costs when there is no
 * memory pressure (the bench's bar: a Spillway/stock median time ratio at 4 GiB executors of at most 1.02), so
 * it is sized to keep the shuffle busy — map-side combine over millions of keys, then a full shuffle of the
 * partial sums — while staying far below 4 GiB.
 *
 * <p>Shape: record {@code g} is {@code (key, value)} with {@code key = below(hash(g), keys)} and {@code value =
 * below(hash'(g), 1000)}, generated on the executors from {@link UtilSplit} partitions. Answer: one item per key
 * that has records, checksum over {@code (key, sum)}; the driver sums into a {@code long[keys]} without Spark.
 *
 * <p>Knobs: {@code keys} (distinct key slots). Scaling changes records only, so smaller scales have fewer
 * records per key but the same key space.
 *
 * <p>Sizing, 2026-11-27 ({@code CaseRunner --mode stock --executor-memory 4g}, {@code local-cluster[2,1,4096]},
 * 2-core machine shared with other engineers' jobs): 40 M records over 2 M keys took 62.0 s wall, correct, at a
 * load average of about 2; the default of 20 M records aims at the 20–40 s the benchmark wants on a quiet
 * machine. Measured at the default with another engineer's cluster running (load average about 6): 65.8 s,
 * correct — 10 s to get executors, 47 s map stage (map-side combine over about 1.6 M keys per task), 7 s
 * reduce stage — so times on a busy machine are nearly twice the quiet ones.
 */
public final class B1ReduceByKeyUniform implements BenchmarkWorkload {

  /** How many key slots records are drawn from, uniformly. */
  public static final String KEYS = "keys";

  /** Values are drawn from {@code [0, VALUE_BOUND)}. */
  static final long VALUE_BOUND = 1_000;

  private static final long SALT_KEY = 0xB1_01L;
  private static final long SALT_VALUE = 0xB1_02L;

  @Override
  public String id() {
    return "B1";
  }

  @Override
  public String title() {
    return "benchmark: reduceByKey sum over uniform keys, no skew, no memory pressure";
  }



  @Override
  public CaseParams defaults() {
    return CaseParams.of(20_000_000, 0.0, 8).with(KEYS, 2_000_000);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    long records = params.records();
    int partitions = params.partitions();
    long keys = params.extra(KEYS);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Long> sums = UtilSplit.partitionIds(jsc, partitions)
        .flatMap(p -> UtilValueIterator.ofPartition(records, partitions, p, g -> g))
        .mapToPair(g -> new Tuple2<>(keyOf(g, keys), valueOf(g)))
        .reduceByKey(Long::sum, partitions)
        .map(t -> GenChecksum.hash(t._1(), t._2()));
    return new CaseResult(expected(params), GenChecksum.sumOnExecutors(sums));
  }

  /** The answer from the generator alone: per-key sums in an array, one item per key that has records. */
  static String expected(CaseParams params) {
    int keys = Math.toIntExact(params.extra(KEYS));
    long[] sums = new long[keys];
    boolean[] seen = new boolean[keys];
    for (long g = 0; g < params.records(); g++) {
      int k = (int) keyOf(g, keys);
      sums[k] += valueOf(g);
      seen[k] = true;
    }
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    for (int k = 0; k < keys; k++) {
      if (seen[k]) {
        acc.add(GenChecksum.hash(k, sums[k]));
      }
    }
    return acc.render();
  }

  static long keyOf(long g, long keys) {
    return UtilHash.below(UtilHash.hash(g, SALT_KEY), keys);
  }

  static long valueOf(long g) {
    return UtilHash.below(UtilHash.hash(g, SALT_VALUE), VALUE_BOUND);
  }
}

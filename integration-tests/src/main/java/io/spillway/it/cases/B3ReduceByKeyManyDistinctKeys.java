package io.spillway.it.cases;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * B3 — {@code reduceByKey(_ + _)} whose distinct keys far outgrow the heap (50 M distinct keys at 2
 * executors of 512 MiB): what the tiered store's reduce-side aggregation is for.
 * Neither a seed case nor a {@code spillway bench} workload; it runs only when named ({@code --cases B3}).
 *
 * <p>Shape: record {@code g} is {@code (key(g mod keys), value(g))} where {@code key} is an affine
 * permutation of {@code [0, keys)} ({@code (g·A + B) mod keys}, A odd and coprime to {@code keys}), so the
 * first {@code keys} records carry distinct keys, scattered over the key space and over the reduce
 * partitions; more records than keys repeat them. Map-side combine therefore finds nothing to combine and
 * each reduce task holds {@code keys / partitions} combiners.
 *
 * <p>Answer: one item per key, checksum over {@code (key, sum)}, computed on the driver from the generator
 * alone — without arrays when every key occurs once (the default), with a {@code long[keys]} otherwise.
 *
 * <p>Knobs: {@code keys} (distinct keys, capped at the record count). {@code --scale} scales records only.
 */
public final class B3ReduceByKeyManyDistinctKeys implements OomCase {

  public static final String KEYS = "keys";

  static final long VALUE_BOUND = 1_000;
  private static final long SALT_VALUE = 0xB3_02L;
  /** Multiplier of the permutation: a prime (Knuth's 2^32/φ), larger than any key count allowed. */
  private static final long A = 2_654_435_761L;
  private static final long B = 0x5EED_B3L;

  @Override
  public String id() {
    return "B3";
  }

  @Override
  public String title() {
    return "reduceByKey sum over 50 M distinct keys (distinct keys outgrow the heap)";
  }

  @Override
  public String seedCases() {
    return "none (tiered-store workload)";
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
  public CaseParams defaults() {
    return CaseParams.of(50_000_000, 0.0, 16).with(KEYS, 50_000_000);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    long records = params.records();
    int partitions = params.partitions();
    long keys = keysOf(params);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Long> sums = UtilSplit.partitionIds(jsc, partitions)
        .flatMap(p -> UtilValueIterator.ofPartition(records, partitions, p, g -> g))
        .mapToPair(g -> new scala.Tuple2<>(keyOf(g, keys), valueOf(g)))
        .reduceByKey(Long::sum, partitions)
        .map(t -> GenChecksum.hash(t._1(), t._2()));
    return new CaseResult(expected(params), GenChecksum.sumOnExecutors(sums));
  }

  static long keysOf(CaseParams params) {
    long keys = Math.max(1, Math.min(params.extra(KEYS), params.records()));
    if (keys > (1L << 31)) {
      throw new IllegalArgumentException("B3 takes at most 2^31 keys, was " + keys);
    }
    return keys;
  }

  /** The answer from the generator alone. */
  static String expected(CaseParams params) {
    long keys = keysOf(params);
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    if (params.records() <= keys) {
      for (long g = 0; g < params.records(); g++) {
        acc.add(GenChecksum.hash(keyOf(g, keys), valueOf(g)));
      }
      return acc.render();
    }
    long[] sums = new long[Math.toIntExact(keys)];
    for (long g = 0; g < params.records(); g++) {
      sums[(int) keyOf(g, keys)] += valueOf(g);
    }
    for (int k = 0; k < keys; k++) {
      acc.add(GenChecksum.hash(k, sums[k]));
    }
    return acc.render();
  }

  /**
   * A permutation of {@code [0, keys)} applied to {@code g mod keys}: A is a prime above {@code keys} (at most
   * 2^31), hence coprime to it, and {@code x·A + B} stays below 2^63.
   */
  static long keyOf(long g, long keys) {
    return ((g % keys) * A + B) % keys;
  }

  static long valueOf(long g) {
    return UtilHash.below(UtilHash.hash(g, SALT_VALUE), VALUE_BOUND);
  }
}

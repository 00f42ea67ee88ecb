package io.spillway.it.cases;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * B6 — {@code groupByKey} into large groups that fit in memory, then a pass over each group: a no-pressure
 * benchmark workload for {@code spillway bench}. It measures what Spillway's streaming grouping costs when every
 * group fits the heap (at 4 GiB executors none should go to disk), the shape of per-user or per-session
 * processing without skew.
 *
 * <p>Shape: record {@code g} is {@code (key, value)} with {@code key = below(hash(g), keys)} and {@code value =
 * hash'(g)}. Answer: one item per key, checksum over {@code (key, group size, sum of values)}; the driver sums
 * into arrays without Spark.
 *
 * <p>Knobs: {@code keys} (the default gives groups of about 40 000 values, a few MiB each). Scaling changes
 * records only, so groups shrink with it.
 */
public final class B6GroupByKeyLargeGroups implements BenchmarkWorkload {

  /** How many key slots records are drawn from, uniformly. */
  public static final String KEYS = "keys";

  private static final long SALT_KEY = 0xB6_01L;
  private static final long SALT_VALUE = 0xB6_02L;

  @Override
  public String id() {
    return "B6";
  }

  @Override
  public String title() {
    return "benchmark: groupByKey into large groups that fit in memory, no memory pressure";
  }



  @Override
  public CaseParams defaults() {
    return CaseParams.of(10_000_000, 0.0, 8).with(KEYS, 250);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    long records = params.records();
    int partitions = params.partitions();
    long keys = params.extra(KEYS);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Long> groups = UtilSplit.partitionIds(jsc, partitions)
        .flatMap(p -> UtilValueIterator.ofPartition(records, partitions, p, g -> g))
        .mapToPair(g -> new Tuple2<>(keyOf(g, keys), valueOf(g)))
        .groupByKey(partitions)
        .map(kv -> {
          long size = 0;
          long sum = 0;
          for (long v : kv._2()) {
            size++;
            sum += v;
          }
          return GenChecksum.hash(kv._1(), size, sum);
        });
    return new CaseResult(expected(params), GenChecksum.sumOnExecutors(groups));
  }

  /** The answer from the generator alone: one item per key that has records. */
  static String expected(CaseParams params) {
    int keys = Math.toIntExact(params.extra(KEYS));
    long[] sizes = new long[keys];
    long[] sums = new long[keys];
    for (long g = 0; g < params.records(); g++) {
      int k = (int) keyOf(g, keys);
      sizes[k]++;
      sums[k] += valueOf(g);
    }
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    for (int k = 0; k < keys; k++) {
      if (sizes[k] > 0) {
        acc.add(GenChecksum.hash(k, sizes[k], sums[k]));
      }
    }
    return acc.render();
  }

  static long keyOf(long g, long keys) {
    return UtilHash.below(UtilHash.hash(g, SALT_KEY), keys);
  }

  static long valueOf(long g) {
    return UtilHash.hash(g, SALT_VALUE);
  }
}

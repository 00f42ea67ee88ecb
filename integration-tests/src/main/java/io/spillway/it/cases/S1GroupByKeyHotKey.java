package io.spillway.it.cases;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * S1 — {@code groupByKey} with one hot key, then a per-group distinct count (seed cases 5, 11, 31).
 *
 * <p>The shape of seed case 5: {@code groupByKey().map(x => (x._1, x._2.distinct.count))}. Half of the
 * records share one key; the user code copies each group's {@code Iterable} into an array, sorts it and
 * counts distinct values, so the whole hot group is in memory twice (Spark's {@code CompactBuffer} of boxed
 * values, then the user's array). Spark can spill {@code groupByKey}'s map between groups but never
 * within one group.
 *
 * <p>Knobs: {@code coldKeys} (the long tail), {@code valuesPerBlock} (consecutive records sharing a value,
 * so distinct &lt; count). Answer: items = groups, checksum over (key, count, distinct).
 *
 * <p>Calibration, 2026-11-27, defaults (20 M records, skew 0.5, 8 partitions, 100 000 cold keys, 2 values
 * per block), {@code --executors 2 --cores 1 --conf spark.task.maxFailures=2}. The 2-core machine was shared
 * with other engineers' jobs (load average 15–20), so times are noisy and likely inflated:
 * <ul>
 *   <li>stock, 512 MiB: job aborted after 72.5 s. Executor 0 died of {@code OutOfMemoryError: Java heap
 *       space} in the reduce task of the hot key; the retry and the other tasks queued on the dying executor
 *       were rejected ({@code RejectedExecutionException}), which used up {@code maxFailures=2} before the
 *       executor loss (exit 52) reached the driver. GC share 0.16 (16.9 s GC / 105.6 s run, 17 task ends,
 *       5 failed).</li>
 *   <li>stock, 4 GiB: correct answer in 68.8 s (map stage 27 s, reduce stage 25 s), GC share 0.07.</li>
 * </ul>
 */
public final class S1GroupByKeyHotKey implements OomCase {

  @Override
  public String id() {
    return "S1";
  }

  @Override
  public String title() {
    return "groupByKey with one hot key, distinct count per group";
  }

  @Override
  public String seedCases() {
    return "5, 11, 31";
  }

  @Override
  public CaseParams defaults() {
    return CaseParams.of(20_000_000, 0.5, 8)
        .with("coldKeys", 100_000)
        .with("valuesPerBlock", 2);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    GenSkewedPairs gen = GenSkewedPairs.of(params);
    String expected = expected(gen);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Long> groupHashes = gen.rdd(jsc)
        .groupByKey(params.partitions())
        .map(group -> {
          long[] values = GenLongs.materialize(group._2());
          return GenChecksum.hash(group._1(), values.length, GenLongs.distinctCount(values));
        });
    return new CaseResult(expected, GenChecksum.sumOnExecutors(groupHashes));
  }

  /** The answer from {@link GenKeyStats}: one item per key that has records. */
  static String expected(GenSkewedPairs gen) {
    GenKeyStats stats = GenKeyStats.of(gen);
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    for (int k = 0; k < stats.keySlots(); k++) {
      if (stats.count(k) > 0) {
        acc.add(GenChecksum.hash(k, stats.count(k), stats.distinct(k)));
      }
    }
    return acc.render();
  }
}

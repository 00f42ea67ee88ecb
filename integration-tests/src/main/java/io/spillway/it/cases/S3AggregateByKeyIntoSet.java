package io.spillway.it.cases;

import java.util.HashSet;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * S3 — {@code aggregateByKey} into a {@code HashSet} on a hot key (seed case 5's suggested fix).
 *
 * <p>Case 5 was told to replace {@code groupByKey(...).distinct} by folding values into a {@code Set} per
 * key. That shrinks duplicates, but a hot key with many distinct values still ends up as one huge
 * {@code HashSet<Long>} (about 50–60 bytes per element) in the reduce task, which Spark can neither split
 * nor spill while it grows: {@code ExternalAppendOnlyMap} only estimates its size every so often, and the
 * combiner is one object.
 *
 * <p>Knobs: {@code coldKeys}, {@code valuesPerBlock} (consecutive records sharing a value). Answer: items
 * = keys, checksum over (key, distinct values).
 *
 * <p>Calibration, 2026-11-27, defaults (16 M records, skew 0.9, 8 partitions, 100 000 cold keys, 2 values
 * per block: the hot key ends with about 7.9 M distinct values), {@code --executors 2 --cores 1 --conf
 * spark.task.maxFailures=2}, on a 2-core machine shared with other engineers' jobs (load average 10–20),
 * so times are noisy and likely inflated:
 * <ul>
 *   <li>stock, 512 MiB: job aborted after 70.7 s. Executor 0 died of {@code OutOfMemoryError: Java heap
 *       space} in the reduce task merging the hot key's sets; the retry was rejected by the dying executor,
 *       using up {@code maxFailures=2}. GC share 0.22 (18.4 s / 84.3 s, 17 task ends, 2 failed).</li>
 *   <li>stock, 4 GiB: correct answer in 48.3 s, GC share 0.18.</li>
 * </ul>
 * Other sizes measured: 20 M records at skew 0.5 (about 7.5 M distinct hot values) also failed at 512 MiB,
 * but only after 591 s — two executors exited with code 52, each loss turned into a fetch failure that
 * resubmitted the map stage, until the third stage attempt hit {@code maxFailures}; 12 M records at skew 0.8
 * (about 5.8 M distinct) finished correctly at 512 MiB in 72 s with GC share 0.20.
 */
public final class S3AggregateByKeyIntoSet implements OomCase {

  @Override
  public String id() {
    return "S3";
  }

  @Override
  public String title() {
    return "aggregateByKey into a HashSet on a hot key";
  }

  @Override
  public String seedCases() {
    return "5";
  }

  @Override
  public CaseParams defaults() {
    return CaseParams.of(16_000_000, 0.9, 8)
        .with("coldKeys", 100_000)
        .with("valuesPerBlock", 2);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    GenSkewedPairs gen = GenSkewedPairs.of(params);
    String expected = expected(gen);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Long> keyHashes = gen.rdd(jsc)
        .aggregateByKey((Set<Long>) new HashSet<Long>(), params.partitions(),
            (set, v) -> {
              set.add(v);
              return set;
            },
            (a, b) -> {
              a.addAll(b);
              return a;
            })
        .map(t -> GenChecksum.hash(t._1(), t._2().size()));
    return new CaseResult(expected, GenChecksum.sumOnExecutors(keyHashes));
  }

  /** One item per key that has records, from {@link GenKeyStats}. */
  static String expected(GenSkewedPairs gen) {
    GenKeyStats stats = GenKeyStats.of(gen);
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    for (int k = 0; k < stats.keySlots(); k++) {
      if (stats.count(k) > 0) {
        acc.add(GenChecksum.hash(k, stats.distinct(k)));
      }
    }
    return acc.render();
  }
}

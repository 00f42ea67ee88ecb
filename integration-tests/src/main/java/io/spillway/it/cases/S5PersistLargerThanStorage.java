package io.spillway.it.cases;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * S5 — persist an RDD of deserialized objects larger than storage memory, shuffle it, reuse it
 * (seed cases 7, 11).
 *
 * <p>"If you attempt to persist an RDD that's too big for memory, even with MEMORY_AND_DISK, you'll often
 * still get OOMs" (case 11). Records are (group, text row) pairs ({@link GenPayloads}), several times larger as Java objects
 * than serialized; the RDD is persisted {@code MEMORY_AND_DISK} (deserialized), counted to materialize
 * the cache, grouped by a low-cardinality group key ({@code groupByKey}, then per-group count and sum of
 * string hashes), and read again for a whole-data checksum.
 *
 * <p>Half of the records share one group (case 11's second complaint, "group on a key that is highly
 * skewed"): measured below, the persist alone does not make stock Spark 4.1 fail.
 *
 * <p>Knobs: {@code groups} (distinct group keys besides the hot one). Answer: three numbers — the
 * record count, the per-group checksum and the per-record checksum.
 *
 * <p>Calibration, 2026-11-27, defaults (10 M records, skew 0.5, 4 partitions, 32 groups; about 1 GB
 * deserialized against about 127 MiB of unified memory), {@code --executors 2 --cores 1 --conf
 * spark.task.maxFailures=2}, on a 2-core machine shared with other engineers' jobs (load average 10–20),
 * so times are noisy and likely inflated:
 * <ul>
 *   <li>stock, 512 MiB: job aborted after 83.7 s. The cache was built ({@code count}, 30 s) and the
 *       shuffle's map stage finished; executor 1 then died of {@code OutOfMemoryError: Java heap space} in
 *       the reduce task holding the hot group, and the retry was rejected by the dying executor, using up
 *       {@code maxFailures=2}. GC share 0.11 (12.4 s / 109.0 s, 13 task ends).</li>
 *   <li>stock, 4 GiB: correct answer in 29.1 s, GC share 0.14.</li>
 * </ul>
 * Without skew (32 even groups) stock did not fail at 512 MiB: correct in 117 s, GC share 0.10 —
 * {@code MEMORY_AND_DISK} unrolling drops what does not fit to disk, as Spark 4.1 is meant to.
 */
public final class S5PersistLargerThanStorage implements OomCase {

  @Override
  public String id() {
    return "S5";
  }

  @Override
  public String title() {
    return "persist larger than storage memory, then shuffle and reuse";
  }

  @Override
  public String seedCases() {
    return "7, 11";
  }

  @Override
  public CaseParams defaults() {
    return CaseParams.of(10_000_000, 0.5, 4).with("groups", 32);
  }

  static GenSkewedPairs generator(CaseParams p) {
    return new GenSkewedPairs(p.records(), p.skew(), p.partitions(), p.extra("groups"), 1);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    GenSkewedPairs gen = generator(params);
    String expected = expected(gen);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaPairRDD<Long, String> events = gen.rdd(jsc).mapValues(GenPayloads::text)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long count = events.count();
      String perGroup = GenChecksum.sumOnExecutors(events
          .groupByKey(params.partitions())
          .map(g -> {
            long n = 0;
            long sum = 0;
            for (String s : g._2()) {
              n++;
              sum += s.hashCode();
            }
            return GenChecksum.hash(g._1(), n, sum);
          }));
      String perRecord = GenChecksum.sumOnExecutors(events.map(t -> GenChecksum.hash(t._1(), t._2().hashCode())));
      return new CaseResult(expected, render(count, perGroup, perRecord));
    } finally {
      events.unpersist(false);
    }
  }

  static String render(long count, String perGroup, String perRecord) {
    return "count=" + count + " groups{" + perGroup + "} records{" + perRecord + "}";
  }

  /** The three numbers from the generator: per-group sums kept in arrays indexed by group key. */
  static String expected(GenSkewedPairs gen) {
    int keys = Math.toIntExact(gen.coldKeys() + 1);
    long[] counts = new long[keys];
    long[] sums = new long[keys];
    GenChecksum.Accumulator perRecord = new GenChecksum.Accumulator();
    for (long g = 0; g < gen.records(); g++) {
      int k = (int) gen.key(g);
      int h = GenPayloads.text(gen.value(g)).hashCode();
      counts[k]++;
      sums[k] += h;
      perRecord.add(GenChecksum.hash(k, h));
    }
    GenChecksum.Accumulator perGroup = new GenChecksum.Accumulator();
    for (int k = 0; k < keys; k++) {
      if (counts[k] > 0) {
        perGroup.add(GenChecksum.hash(k, counts[k], sums[k]));
      }
    }
    return render(gen.records(), perGroup.render(), perRecord.render());
  }
}

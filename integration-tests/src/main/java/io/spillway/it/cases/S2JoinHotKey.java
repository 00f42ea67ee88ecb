package io.spillway.it.cases;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * S2 — an RDD {@code join} of a big skewed side with a one-row-per-key dimension (seed cases 1, 14, 23, 29).
 *
 * <p>"All went well except the last task of join" (case 14): the join's {@code CoGroupedRDD} buffers
 * every big-side value of a key in one {@code CompactBuffer} before it yields the key's pairs, so the
 * reduce task that owns the hot key must hold all of its values at once. The dimension side has a row for
 * every key except those {@code ≡ 7 (mod 8)}, so the inner join also drops records. Big-side values are
 * short text rows ({@link GenPayloads}), about 68 bytes each once buffered.
 *
 * <p>Knobs: {@code coldKeys}. Answer: items = joined pairs, checksum over (key, left row's hash code,
 * right value).
 *
 * <p>Calibration, 2026-11-27, defaults (16 M records, skew 0.5, 8 partitions, 100 000 cold keys),
 * {@code --executors 2 --cores 1 --conf spark.task.maxFailures=2}, on a 2-core machine shared with other
 * engineers' jobs (load average 15–20), so times are noisy and likely inflated:
 * <ul>
 *   <li>stock, 512 MiB: job aborted after 494 s (a second run: 308 s, same path). Four executors were
 *       lost in turn, each "Command exited with code 52" (OOM); every loss took its map output with it, so
 *       the reduce task failed with {@code FetchFailed}/{@code MetadataFetchFailedException}, which does not
 *       count toward {@code maxFailures} but resubmits the map stage: the job ends only when the result
 *       stage has failed {@code spark.stage.maxConsecutiveAttempts} (4) times. GC share 0.06 in both runs,
 *       of reported task time (tasks on executors that died report no metrics).</li>
 *   <li>stock, 4 GiB: correct answer in 68.8 s, GC share 0.08.</li>
 * </ul>
 * Earlier attempts with bare {@code Long} values instead of text rows did not fail at 512 MiB: 20 M records
 * at skew 0.5 finished correctly in 126 s (GC share 0.08), and at skew 0.8 in 101 s (0.07) — a hot group
 * of 16 M boxed longs (about 320 MB) still fits a 512 MiB heap when nothing else is held.
 */
public final class S2JoinHotKey implements OomCase {

  /** Salt of the dimension's value hash, so it is independent of the big side's values. */
  private static final long DIMENSION_SALT = 0x7F4A7C15L;

  @Override
  public String id() {
    return "S2";
  }

  @Override
  public String title() {
    return "RDD join of a hot-key side with a dimension";
  }

  @Override
  public String seedCases() {
    return "1, 14, 23, 29";
  }

  @Override
  public CaseParams defaults() {
    return CaseParams.of(16_000_000, 0.5, 8).with("coldKeys", 100_000);
  }

  static GenSkewedPairs generator(CaseParams p) {
    return new GenSkewedPairs(p.records(), p.skew(), p.partitions(), p.extra("coldKeys"), 1);
  }

  /** Whether the dimension has a row for {@code key}: all keys but those ≡ 7 (mod 8). */
  static boolean hasDimensionRow(long key) {
    return key % 8 != 7;
  }

  static long dimensionValue(long key) {
    return GenChecksum.mix64(key ^ DIMENSION_SALT);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    GenSkewedPairs gen = generator(params);
    String expected = expected(gen);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long keys = gen.coldKeys() + 1;
    int parts = params.partitions();
    JavaPairRDD<Long, Long> dimension = GenSkewedPairs.partitionIds(jsc, parts)
        .flatMapToPair(p -> dimensionRows(keys * p / parts, keys * (p + 1) / parts));
    JavaRDD<Long> pairHashes = gen.rdd(jsc)
        .mapValues(GenPayloads::text)
        .join(dimension, parts)
        .map(t -> GenChecksum.hash(t._1(), t._2()._1().hashCode(), t._2()._2()));
    return new CaseResult(expected, GenChecksum.sumOnExecutors(pairHashes));
  }

  /** The dimension rows of keys {@code [from, to)}, generated lazily. */
  static Iterator<Tuple2<Long, Long>> dimensionRows(long from, long to) {
    return new Iterator<>() {
      private long key = advance(from);

      private long advance(long k) {
        while (k < to && !hasDimensionRow(k)) {
          k++;
        }
        return k;
      }

      @Override
      public boolean hasNext() {
        return key < to;
      }

      @Override
      public Tuple2<Long, Long> next() {
        if (key >= to) {
          throw new NoSuchElementException();
        }
        long k = key;
        key = advance(key + 1);
        return new Tuple2<>(k, dimensionValue(k));
      }
    };
  }

  /** One item per big-side record whose key has a dimension row. */
  static String expected(GenSkewedPairs gen) {
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    for (long g = 0; g < gen.records(); g++) {
      long k = gen.key(g);
      if (hasDimensionRow(k)) {
        acc.add(GenChecksum.hash(k, GenPayloads.text(gen.value(g)).hashCode(), dimensionValue(k)));
      }
    }
    return acc.render();
  }
}

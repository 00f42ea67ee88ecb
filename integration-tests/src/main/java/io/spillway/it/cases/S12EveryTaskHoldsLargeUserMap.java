package io.spillway.it.cases;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * S12 — every task of a stage holds a large user {@code HashMap}: fine alone, too much four at a time
 * (seed case 3's pre-aggregation in user code, on executors with several cores).
 *
 * <p>Each partition aggregates its own events per key in a {@code java.util.HashMap<Long, long[]>}
 * ({@code {count, sum}} per key), then emits one hash per key. Keys of different partitions differ, so no
 * shuffle is needed and the answer is the sum of every partition's. What matters is the size of one task's
 * map against the executor's heap: at the defaults, 4.5 M keys per partition, about 88 bytes per entry on a
 * 64-bit JVM with compressed references (a 32-byte node, a 16-byte {@code Long}, a 32-byte {@code long[2]},
 * 4–8 bytes of table) plus the 32 MiB table: about 400 MiB, 40 % of a 1 GiB heap. None of it is visible to
 * Spark's memory manager. Alone, a task fits with room to spare; four concurrent tasks on a 4-core executor
 * need 1.6 GiB, so a 1 GiB executor dies, and Spark retries the tasks four at a time again.
 *
 * <p>Not a seed case and not a benchmark: it is sized for executors of 4 cores and 1 GiB
 * ({@code --cores 4 --executor-memory 1g}; 8 partitions fill two such executors), not for the suite's
 * defaults, so it runs only when named. {@code --scale} scales the keys per partition with the records.
 *
 * <p>Knobs: {@code eventsPerKey} (each key's events in its partition). Answer: items = keys over all
 * partitions, checksum over (key, count, sum).
 */
public final class S12EveryTaskHoldsLargeUserMap implements OomCase {

  /** Salt of the key hash, so keys spread over the whole long range. */
  private static final long KEY_SALT = 0x1F83D9ABFB41BD6BL;

  /** Salt of the event value hash. */
  private static final long VALUE_SALT = 0x5BE0CD19137E2179L;

  @Override
  public String id() {
    return "S12";
  }

  @Override
  public String title() {
    return "every task holds a user HashMap of 40 % of a 1 GiB heap";
  }

  @Override
  public String seedCases() {
    return "3";
  }

  /** 8 partitions × 4.5 M keys × 2 events. */
  @Override
  public CaseParams defaults() {
    return CaseParams.of(72_000_000, 0.0, 8).with("eventsPerKey", 2);
  }

  @Override
  public boolean isSeedCase() {
    return false;
  }

  @Override
  public boolean isBenchmark() {
    return false;
  }

  /** Keys per partition: the records spread evenly over partitions and events per key (at least one). */
  static long keysPerPartition(CaseParams p) {
    return Math.max(1, p.records() / ((long) p.partitions() * p.extra("eventsPerKey")));
  }

  /** Key {@code k} of partition {@code p}: a bijective hash, so keys of all partitions are distinct. */
  static long key(int p, long k, long keysPerPartition) {
    return GenChecksum.mix64((p * keysPerPartition + k) ^ KEY_SALT);
  }

  /** Event {@code e} of partition {@code p}'s value, 0..65535. */
  static long value(int p, long e) {
    return GenChecksum.mix64((((long) p) << 40 | e) ^ VALUE_SALT) >>> 48;
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    int parts = params.partitions();
    long keys = keysPerPartition(params);
    long eventsPerKey = params.extra("eventsPerKey");
    String expected = expected(parts, keys, eventsPerKey);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Long> hashes = GenSkewedPairs.partitionIds(jsc, parts)
        .mapPartitions(ids -> partitionHashes(ids, keys, eventsPerKey));
    return new CaseResult(expected, GenChecksum.sumOnExecutors(hashes));
  }

  /**
   * One task's user code: aggregates its partitions' events per key in one {@code HashMap} (held whole until
   * the last hash is taken), then yields one hash per key. Static, so the closure holds no case instance.
   */
  static Iterator<Long> partitionHashes(Iterator<Integer> partitionIds, long keys, long eventsPerKey) {
    Map<Long, long[]> perKey = new HashMap<>();
    while (partitionIds.hasNext()) {
      int p = partitionIds.next();
      for (long e = 0; e < keys * eventsPerKey; e++) {
        long[] countAndSum = perKey.computeIfAbsent(key(p, e % keys, keys), id -> new long[2]);
        countAndSum[0]++;
        countAndSum[1] += value(p, e);
      }
    }
    Iterator<Map.Entry<Long, long[]>> entries = perKey.entrySet().iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public Long next() {
        Map.Entry<Long, long[]> en = entries.next();
        return GenChecksum.hash(en.getKey(), en.getValue()[0], en.getValue()[1]);
      }
    };
  }

  /** The answer without Spark: key {@code k} of partition {@code p} gets events {@code k, k + keys, …}. */
  static String expected(int parts, long keys, long eventsPerKey) {
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    for (int p = 0; p < parts; p++) {
      for (long k = 0; k < keys; k++) {
        long sum = 0;
        for (long j = 0; j < eventsPerKey; j++) {
          sum += value(p, k + j * keys);
        }
        acc.add(GenChecksum.hash(key(p, k, keys), eventsPerKey, sum));
      }
    }
    return acc.render();
  }
}

package io.spillway.it.cases;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * S4 — {@code mapPartitions} whose user code builds a large {@code java.util.HashMap} (seed case 3).
 *
 * <p>Case 3's job pre-aggregated in user code: a {@code HashMap} per partition, filled from the whole
 * partition and emitted at the end. That memory is invisible to Spark's memory manager (it is neither
 * execution nor storage memory), so Spark cannot spill it and keeps granting execution memory to the
 * shuffle as if the heap were free. Here events {@code g} carry a user id ({@code g mod users}) and a small
 * value; each partition's map holds one {@code long[]{count, sum}} per user it has seen, then the partial
 * aggregates are merged with {@code reduceByKey}.
 *
 * <p>Knobs: {@code users}. No skew. Answer: items = users, checksum over (user id, count, sum).
 *
 * <p>Calibration, 2026-11-27, defaults (20 M events, 2 partitions, 5 M users: each partition's map
 * reaches 5 M entries, every user seen twice), {@code --executors 2 --cores 1 --conf
 * spark.task.maxFailures=2}, on a 2-core machine shared with other engineers' jobs (load average 10–20), so
 * times are noisy and likely inflated:
 * <ul>
 *   <li>stock, 512 MiB: job aborted after 83.5 s. Executor 0 died of {@code OutOfMemoryError: Java heap
 *       space} inside the user's {@code mapPartitions}; the retry was rejected by the dying executor
 *       ({@code RejectedExecutionException}), using up {@code maxFailures=2}. GC share 0.46 (25.6 s GC /
 *       55.6 s run, the 2 failed task ends).</li>
 *   <li>stock, 4 GiB: correct answer in 97.9 s, GC share 0.06.</li>
 * </ul>
 * A first size (24 M events, 4 partitions, 3 M users, about 300 MB of map per task) did not fail at
 * 512 MiB: correct in 397 s with GC share 0.08 — slow from CPU contention (a concurrent local-cluster
 * test ran during part of it), not from GC.
 */
public final class S4MapPartitionsUserHashMap implements OomCase {

  /** Salt of the user id hash, so user ids are spread over the whole long range. */
  private static final long USER_SALT = 0x3C6EF372FE94F82BL;

  /** Salt of the event value hash. */
  private static final long VALUE_SALT = 0x510E527FADE682D1L;

  @Override
  public String id() {
    return "S4";
  }

  @Override
  public String title() {
    return "mapPartitions building a large user HashMap";
  }

  @Override
  public String seedCases() {
    return "3";
  }

  @Override
  public CaseParams defaults() {
    return CaseParams.of(20_000_000, 0.0, 2).with("users", 5_000_000);
  }

  /** User {@code u}'s id: a bijective hash, so distinct users have distinct ids. */
  static long userId(long u) {
    return GenChecksum.mix64(u ^ USER_SALT);
  }

  /** Event {@code g}'s value, 0..65535. */
  static long eventValue(long g) {
    return GenChecksum.mix64(g ^ VALUE_SALT) >>> 48;
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    long records = params.records();
    long users = params.extra("users");
    int parts = params.partitions();
    String expected = expected(records, users);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Long> userHashes = GenSkewedPairs.partitionIds(jsc, parts)
        .mapPartitionsToPair(ids -> {
          Map<Long, long[]> perUser = new HashMap<>();
          while (ids.hasNext()) {
            int p = ids.next();
            Iterator<Tuple2<Long, Long>> events = events(records * p / parts, records * (p + 1) / parts, users);
            while (events.hasNext()) {
              Tuple2<Long, Long> e = events.next();
              long[] countAndSum = perUser.computeIfAbsent(e._1(), id -> new long[2]);
              countAndSum[0]++;
              countAndSum[1] += e._2();
            }
          }
          return perUser.entrySet().stream()
              .map(en -> new Tuple2<>(en.getKey(), en.getValue()))
              .iterator();
        })
        .reduceByKey((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}, parts)
        .map(t -> GenChecksum.hash(t._1(), t._2()[0], t._2()[1]));
    return new CaseResult(expected, GenChecksum.sumOnExecutors(userHashes));
  }

  /** Events {@code [from, to)} as (user id, value), generated lazily. */
  static Iterator<Tuple2<Long, Long>> events(long from, long to, long users) {
    return new Iterator<>() {
      private long g = from;

      @Override
      public boolean hasNext() {
        return g < to;
      }

      @Override
      public Tuple2<Long, Long> next() {
        if (g >= to) {
          throw new NoSuchElementException();
        }
        long i = g++;
        return new Tuple2<>(userId(i % users), eventValue(i));
      }
    };
  }

  /**
   * One item per user with events, in O(records) time and O(1) memory: user {@code u}'s events are
   * {@code u, u + users, u + 2·users, …}.
   */
  static String expected(long records, long users) {
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    for (long u = 0; u < Math.min(users, records); u++) {
      long count = 0;
      long sum = 0;
      for (long g = u; g < records; g += users) {
        count++;
        sum += eventValue(g);
      }
      acc.add(GenChecksum.hash(userId(u), count, sum));
    }
    return acc.render();
  }
}

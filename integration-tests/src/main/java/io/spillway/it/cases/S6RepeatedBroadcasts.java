package io.spillway.it.cases;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * S6 — an iterative algorithm that broadcasts a new large lookup table every round, never unpersists the
 * old ones and never checkpoints (seed knowledge 11 and case 37: "your code is broadcasting 400MB 30 times,
 * which are not being evicted from the cache fast enough, which … is causing blockManagers to run out of
 * memory").
 *
 * <p>Shape: round {@code i} builds a {@code HashMap<Long, Long>} of {@code tableEntries} entries on the
 * driver (key {@code j} → {@code hash(SALT + i, j)}), broadcasts it, and derives the next state RDD from the
 * previous one with a closure over that broadcast: {@code state = state.mapPartitions(it -> { m =
 * table_i.value(); it.map(x -> step(x, m)) })}, reading the table once per partition as tuning guides
 * advise; then it runs one job ({@code reduce(+)}, a convergence check). Nothing is cached, unpersisted or
 * checkpointed, so job {@code i}'s tasks pipeline through rounds {@code 0..i} and hold every one of the
 * first {@code i + 1} deserialized tables at once. Why that is the failure: a broadcast used by only one
 * job can be dropped to disk by the block manager once the job is done (what an earlier version of this
 * case did, and stock Spark survived it), but a table the running task still references cannot be freed.
 * Each table is small next to the heap; only their number makes the failure.
 *
 * <p>Sizes: a {@code HashMap} entry with boxed key and value takes 64 bytes deserialized (node 32, two
 * {@code Long}s 16 each) plus its slot in a 2^21-slot array, against ~20 bytes serialized, so a 2^20-entry
 * table is ~80 MiB on an executor heap (Spark's size estimate: ~111 MiB, 891 MiB of storage memory for the 8
 * tables in the 4 GiB run): one table is a sixth of a 512 MiB heap, five of them no longer fit. The driver
 * (2 GiB in the harness) holds all tables too, as the user's loop does.
 *
 * <p>Answer: the sum of the state over all records after each round, summed over rounds, and the last
 * round's sum. The driver computes them record by record from {@code hash(SALT + i, j)}, without tables.
 *
 * <p>Calibration (stock Spark 4.1.3, {@code spark.task.maxFailures=2}, default parameters: 8 rounds of a
 * 2^20-entry {@code HashMap<Long, Long>} (~80 MiB deserialized each), 1 M records over 4 partitions; single
 * runs on a 2-core machine shared with other engineers' Spark jobs, times noisy):
 * <ul>
 *   <li>512 MiB executors: <b>fails</b> — both executors exit with code 52 (OutOfMemoryError) in round 5
 *       (job 4, five tables referenced by one task), job aborted after 75 s; GC 32% of task time (a repeat:
 *       79 s, GC 31%).</li>
 *   <li>4 GiB executors: ok, correct answer, 121 s, GC 11%.</li>
 *   <li>Earlier shape (each broadcast used by its own job only; 10 rounds of a 128 MiB {@code long[]}): stock
 *       512 MiB ok in 137 s, GC 3% — the block manager moved old broadcasts to disk.</li>
 * </ul>
 */
public final class S6RepeatedBroadcasts implements OomCase {

  /** Loop rounds: one new broadcast, one more pipelined map and one job each. */
  public static final String ITERATIONS = "iterations";

  /** Entries of each round's {@code HashMap<Long, Long>} lookup table. */
  public static final String TABLE_ENTRIES = "tableEntries";

  /** Separates this case's tables from other cases' hashes. */
  private static final long SALT = 0x5606L;

  @Override
  public String id() {
    return "S6";
  }

  @Override
  public String title() {
    return "iterative lineage over a new large broadcast each round, never unpersisted or checkpointed";
  }

  @Override
  public String seedCases() {
    return "37, knowledge 11";
  }

  @Override
  public CaseParams defaults() {
    return CaseParams.of(1_000_000, 0.0, 4).with(ITERATIONS, 8).with(TABLE_ENTRIES, 1 << 20);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    long records = params.records();
    int partitions = params.partitions();
    int entries = tableEntries(params);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Long> state = UtilSplit.partitionIds(jsc, partitions)
        .flatMap(p -> UtilValueIterator.ofPartition(records, partitions, p, g -> g));
    List<Broadcast<Map<Long, Long>>> kept = new ArrayList<>();
    long total = 0;
    long last = 0;
    for (int i = 0; i < params.extra(ITERATIONS); i++) {
      Broadcast<Map<Long, Long>> table = jsc.broadcast(table(i, entries));
      kept.add(table);
      state = state.mapPartitions(it -> {
        Map<Long, Long> m = table.value();
        return mapped(it, m, entries);
      });
      last = state.reduce(Long::sum);
      total += last;
    }
    return new CaseResult(expected(params), render(kept.size(), total, last));
  }

  /** The answer from the hash function alone: no table is built. */
  static String expected(CaseParams params) {
    int entries = tableEntries(params);
    int iterations = Math.toIntExact(params.extra(ITERATIONS));
    long[] sums = new long[iterations];
    for (long g = 0; g < params.records(); g++) {
      long x = g;
      for (int i = 0; i < iterations; i++) {
        x = step(x, entry(i, slot(x, entries)));
        sums[i] += x;
      }
    }
    long total = 0;
    for (long s : sums) {
      total += s;
    }
    return render(iterations, total, iterations == 0 ? 0 : sums[iterations - 1]);
  }

  /** Round {@code i}'s lookup table, built on the driver as a user's loop would. */
  static Map<Long, Long> table(int i, int entries) {
    Map<Long, Long> t = new HashMap<>(2 * entries);
    for (int j = 0; j < entries; j++) {
      t.put((long) j, entry(i, j));
    }
    return t;
  }

  static long entry(int iteration, long j) {
    return UtilHash.hash(SALT + iteration, j);
  }

  /** Which table key state {@code x} looks up. */
  static long slot(long x, int entries) {
    return UtilHash.below(x, entries);
  }

  /** One round of the iteration: the state mixed with what the table holds for it. */
  static long step(long x, long looked) {
    return UtilHash.mix64(x ^ looked);
  }

  private static Iterator<Long> mapped(Iterator<Long> it, Map<Long, Long> m, int entries) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Long next() {
        long x = it.next();
        return step(x, m.get(slot(x, entries)));
      }
    };
  }

  static int tableEntries(CaseParams params) {
    return Math.toIntExact(params.extra(TABLE_ENTRIES));
  }

  static String render(long rounds, long total, long last) {
    return "rounds=" + rounds + " total=" + Long.toHexString(total) + " last=" + Long.toHexString(last);
  }
}

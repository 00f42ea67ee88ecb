package io.spillway.it.cases;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * B2 — a plain {@code sortByKey} of uniformly drawn keys with a short text payload: a benchmark workload for
 * {@code spillway bench}, not a seed OOM case. It measures what Spillway costs on a sort shuffle when there is
 * no memory pressure, so every record crosses the shuffle once and each reducer sorts a few hundred
 * MiB at most, far below a 4 GiB executor.
 *
 * <p>Shape: record {@code g} is {@code (key, payload)} with {@code key} a uniform non-negative long from
 * {@code hash(g)} and {@code payload} {@link GenPayloads#text} of another hash of {@code g} (20 characters).
 * {@code sortByKey(true, partitions)}, then one summary per output partition ({@link UtilSortCheck}): count,
 * checksum of {@code (key, payload)}, sorted within, first and last key — so the job brings back a few longs
 * per partition and the check covers global order, lost and duplicated records.
 *
 * <p>Answer: {@code sorted=true}, the record count and the checksum, computed on the driver from the generator.
 *
 * <p>Sizing, 2026-11-27 ({@code CaseRunner --mode stock --executor-memory 4g}, {@code local-cluster[2,1,4096]},
 * 2-core machine shared with other engineers' jobs): 20 M records took 50.5 s wall, correct ({@code sortByKey}
 * first runs a sampling job over the input, so the input is generated twice); the default of 12 M records aims
 * at the 20–40 s the benchmark wants. Measured at the default with another engineer's cluster running (load
 * average about 6): 38.2 s, correct — sampling job 8 s, sort job 24 s.
 */
public final class B2SortByKeyUniform implements BenchmarkWorkload {

  private static final long SALT_KEY = 0xB2_01L;
  private static final long SALT_PAYLOAD = 0xB2_02L;

  @Override
  public String id() {
    return "B2";
  }

  @Override
  public String title() {
    return "benchmark: sortByKey of uniform long keys with 20-char payloads, no memory pressure";
  }



  @Override
  public CaseParams defaults() {
    return CaseParams.of(12_000_000, 0.0, 8);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    long records = params.records();
    int partitions = params.partitions();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<long[]> parts = UtilSplit.partitionIds(jsc, partitions)
        .flatMap(p -> UtilValueIterator.ofPartition(records, partitions, p, g -> g))
        .mapToPair(g -> new Tuple2<>(keyOf(g), payloadOf(g)))
        .sortByKey(true, partitions)
        .mapPartitionsWithIndex((index, it) -> List.of(partitionStats(index, it)).iterator(), false)
        .collect();
    return new CaseResult(expected(params),
        render(UtilSortCheck.globallySorted(parts), UtilSortCheck.count(parts), UtilSortCheck.checksum(parts)));
  }

  /** The answer from the generator alone. */
  static String expected(CaseParams params) {
    long checksum = 0;
    for (long g = 0; g < params.records(); g++) {
      checksum += itemHash(keyOf(g), payloadOf(g));
    }
    return render(true, params.records(), checksum);
  }

  /** A uniform key in {@code [0, 2^63)}, so signed and unsigned order agree. */
  static long keyOf(long g) {
    return UtilHash.hash(g, SALT_KEY) >>> 1;
  }

  static String payloadOf(long g) {
    return GenPayloads.text(UtilHash.hash(g, SALT_PAYLOAD));
  }

  static long itemHash(long key, String payload) {
    return GenChecksum.hash(key, payload.hashCode());
  }

  static String render(boolean sorted, long count, long checksum) {
    return "sorted=" + sorted + " records=" + count + " checksum=" + Long.toHexString(checksum);
  }

  private static long[] partitionStats(int index, Iterator<Tuple2<Long, String>> it) {
    long count = 0;
    long checksum = 0;
    boolean sorted = true;
    Long first = null;
    long previous = 0;
    while (it.hasNext()) {
      Tuple2<Long, String> r = it.next();
      long key = r._1();
      if (first == null) {
        first = key;
      } else if (previous > key) {
        sorted = false;
      }
      previous = key;
      count++;
      checksum += itemHash(key, r._2());
    }
    return UtilSortCheck.stats(index, count, checksum, sorted, first == null ? null : hex(first),
        first == null ? null : hex(previous));
  }

  private static String hex(long key) {
    return String.format("%016x", key);
  }
}

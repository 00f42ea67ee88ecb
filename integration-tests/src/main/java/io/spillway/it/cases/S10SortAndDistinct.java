package io.spillway.it.cases;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * S10 — {@code sortByKey} and {@code distinct} over a large text-like dataset with many duplicates (seed 9:
 * {@code t.distinct.count} on a huge file; seed 28: {@code data.map(r => (getKey(r), r)).sortByKey()}).
 *
 * <p>Shape: record {@code g} is the line of value {@code u = below(hash(g), distinctValues)}: a 16-hex-digit
 * key {@code mix64(u)}, a bar and {@code payloadChars} hex characters derived from {@code u}, so that equal
 * values give equal lines and {@code records / distinctValues} duplicates each on average. Two jobs on the
 * same (uncached, regenerated) data: {@code mapToPair(line -> (key(line), line)).sortByKey()} checked for
 * global order (each output partition sorted, partitions' key ranges ascending) with a checksum of the
 * lines; and {@code distinct().count()}.
 *
 * <p>Answer: {@code sorted}, the number of lines after the sort, the sum of their 64-bit string hashes and
 * the distinct count. The driver counts each value's occurrences in an {@code int[distinctValues]} and
 * builds each distinct line once.
 *
 * <p>Calibration (stock Spark 4.1.3, {@code spark.task.maxFailures=2}, default parameters: 6 M lines of 117
 * chars drawn from 2 M values (1.9 M distinct hit), 8 partitions; single runs on a 2-core machine shared
 * with other engineers' Spark jobs, load average up to 17, times noisy):
 * <ul>
 *   <li>512 MiB executors: <b>did not fail</b> — ok, correct answer, 152 s, GC 8% of task time. The
 *       reduce-side {@code ExternalSorter} and the map-side combine of {@code distinct} spill.</li>
 *   <li>4 GiB executors: ok, correct answer, 172 s (slower than the 512 MiB run: machine load), GC 11%.</li>
 *   <li>Also tried (not kept): half of the 6 M lines one hot value, so the range partitioner sends 3 M equal
 *       keys to one {@code sortByKey} reducer: stock 512 MiB ok, correct, 71 s, GC 9%. Spark 4.1's
 *       {@code ExternalSorter} spills record by record and {@code distinct}'s map-side combine collapses
 *       duplicates, so neither a hot key nor more data makes this shape fail; the seed's failure (28: "file
 *       handles as the biggest memory user") was Spark 0.9's hash shuffle, which no longer exists. The case
 *       stays as a no-regression check that Spillway does not slow down or break a job stock Spark
 *       survives.</li>
 * </ul>
 */
public final class S10SortAndDistinct implements OomCase {

  /** How many different lines the generator draws from. */
  public static final String DISTINCT_VALUES = "distinctValues";

  /** Characters after the key and the bar. */
  public static final String PAYLOAD_CHARS = "payloadChars";

  /** Hex digits of a line's key. */
  static final int KEY_CHARS = 16;

  private static final long SALT_VALUE = 0x5A10L;
  private static final long SALT_PAYLOAD = 0x5A20L;

  @Override
  public String id() {
    return "S10";
  }

  @Override
  public String title() {
    return "sortByKey with a global-order check and distinct().count() over many duplicates";
  }

  @Override
  public String seedCases() {
    return "9, 28";
  }

  @Override
  public CaseParams defaults() {
    return CaseParams.of(6_000_000, 0.0, 8).with(DISTINCT_VALUES, 2_000_000).with(PAYLOAD_CHARS, 100);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    long records = params.records();
    int partitions = params.partitions();
    long distinctValues = params.extra(DISTINCT_VALUES);
    int payload = Math.toIntExact(params.extra(PAYLOAD_CHARS));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<String> lines = UtilSplit.partitionIds(jsc, partitions)
        .flatMap(p -> UtilValueIterator.ofPartition(records, partitions, p,
            g -> line(valueOf(g, distinctValues), payload)));
    List<long[]> parts = lines.mapToPair(l -> new Tuple2<>(l.substring(0, KEY_CHARS), l))
        .sortByKey(true, partitions)
        .mapPartitionsWithIndex((index, it) -> List.of(partitionStats(index, it)).iterator(), false)
        .collect();
    long distinct = lines.distinct(partitions).count();
    return new CaseResult(expected(params), render(UtilSortCheck.globallySorted(parts), UtilSortCheck.count(parts),
        UtilSortCheck.checksum(parts), distinct));
  }

  /** The answer from the generator: occurrences per value, each distinct line built and hashed once. */
  static String expected(CaseParams params) {
    int distinctValues = Math.toIntExact(params.extra(DISTINCT_VALUES));
    int payload = Math.toIntExact(params.extra(PAYLOAD_CHARS));
    int[] occurrences = new int[distinctValues];
    for (long g = 0; g < params.records(); g++) {
      occurrences[(int) valueOf(g, distinctValues)]++;
    }
    long checksum = 0;
    long distinct = 0;
    for (int u = 0; u < distinctValues; u++) {
      if (occurrences[u] > 0) {
        distinct++;
        checksum += occurrences[u] * stringHash(line(u, payload));
      }
    }
    return render(true, params.records(), checksum, distinct);
  }

  static long valueOf(long g, long distinctValues) {
    return UtilHash.below(UtilHash.hash(g, SALT_VALUE), distinctValues);
  }

  /** Value {@code u}'s line: key, bar, payload; equal values give equal lines. */
  static String line(long u, int payloadChars) {
    StringBuilder b = new StringBuilder(KEY_CHARS + 1 + payloadChars);
    appendHex(b, UtilHash.mix64(u));
    b.append('|');
    for (long j = 0; b.length() < KEY_CHARS + 1 + payloadChars; j++) {
      appendHex(b, UtilHash.hash(u, SALT_PAYLOAD + j));
    }
    b.setLength(KEY_CHARS + 1 + payloadChars);
    return b.toString();
  }

  /** A 64-bit hash of a string's chars (polynomial, then mixed). */
  static long stringHash(String s) {
    long h = 0;
    for (int i = 0; i < s.length(); i++) {
      h = h * 31 + s.charAt(i);
    }
    return UtilHash.mix64(h);
  }

  /**
   * One output partition of the sort as {@code [index, count, checksum, sorted(1/0), firstKeyHi, firstKeyLo,
   * lastKeyHi, lastKeyLo]}, keys being 16 hex digits held as two 32-bit halves so they compare unsigned.
   */
  private static long[] partitionStats(int index, java.util.Iterator<Tuple2<String, String>> it) {
    long count = 0;
    long checksum = 0;
    boolean sorted = true;
    String first = null;
    String previous = null;
    while (it.hasNext()) {
      Tuple2<String, String> r = it.next();
      if (previous != null && previous.compareTo(r._1()) > 0) {
        sorted = false;
      }
      if (first == null) {
        first = r._1();
      }
      previous = r._1();
      count++;
      checksum += stringHash(r._2());
    }
    return UtilSortCheck.stats(index, count, checksum, sorted, first, previous);
  }

  private static void appendHex(StringBuilder b, long v) {
    String h = Long.toHexString(v);
    for (int i = h.length(); i < KEY_CHARS; i++) {
      b.append('0');
    }
    b.append(h);
  }

  static String render(boolean sorted, long count, long checksum, long distinct) {
    return "sorted=" + sorted + " lines=" + count + " checksum=" + Long.toHexString(checksum) + " distinct=" + distinct;
  }
}

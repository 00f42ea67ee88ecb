package io.spillway.it.cases;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * S10 — {@code sortByKey} and {@code distinct} over a text file whose line lengths are heavy-tailed (seed 9:
 * {@code t.distinct.count} on a huge file; seed 28: {@code data.map(r => (getKey(r), r)).sortByKey()} where
 * "all the workers ran out of memory").
 *
 * <p>Shape: record {@code g} is the line of value {@code u = below(hash(g), distinctValues)}, built by
 * {@link GenHeavyTailedLines}: a 16-hex-digit key {@code mix64(u)}, a bar and a hex payload of
 * {@code payloadChars} characters, except that one value in {@code bigLineOneIn} has a payload of
 * {@code bigMinKiB}..{@code bigMaxKiB} KiB (log-uniform) — a log where a rare line is a stack trace or a JSON
 * blob. Equal values give equal lines ({@code records / distinctValues} occurrences each on average). Two jobs
 * on the same (uncached, regenerated) data: {@code mapToPair(line -> (key(line), line)).sortByKey()} with as
 * many reducers as input partitions (what {@code sortByKey()} does by default), checked for global order (each
 * output partition sorted, partitions' key ranges ascending) with a checksum of the lines; and
 * {@code distinct().count()}.
 *
 * <p>Why stock Spark runs out of heap: the reduce side of {@code sortByKey} buffers records in an
 * {@code ExternalSorter}, which spills only when {@code SizeTracker}'s estimate of its buffer reaches the
 * execution memory it could get. That estimate is re-taken each time the record count grew by 10% and
 * extrapolated in between; each re-take is {@code SizeEstimator} on the buffer's slot array, which above 400
 * slots is estimated from two samples of 100 slots (a fixed seed) as {@code max(s1, s2) + min(s1, s2) * (slots
 * - 100) / 100}: only the smaller sample is extrapolated. With one line in 1 000 big, a sample sees about 50
 * filled value slots, so it holds a big line with probability about 5% and both samples about 0.25%: the
 * estimate counts the short lines only, about 240 bytes per record (key, tuple, 117-char line, slots), while a
 * record holds on average 240 B + 1.35 MiB / 1 000 ≈ 1.6 KiB. The sorter believes it holds about a seventh of
 * what it holds and never spills; the heap runs out while it deserializes the next line.
 *
 * <p>Sizes from the mechanism: a 512 MiB executor's execution pool is (512 - 300 reserved) × 0.6 ≈ 127 MiB, so
 * the sorter has to hold more than 512 / 127 ≈ 4 times its estimate to run out of heap before it spills:
 * {@code 1 + f × mean(big) / 240 B > 4}, i.e. {@code f × mean(big) > 720 B}. {@code f = 1/1000} keeps big lines
 * out of the samples; the mean of a log-uniform 256 KiB..4 MiB line is (4 MiB - 256 KiB) / ln 16 ≈ 1.35 MiB,
 * so held / estimated ≈ 7. What fails is one reducer's buffer, so it is the lines per reducer, not the total,
 * that must exceed the heap: 1.6 M lines over 4 input partitions (hence 4 reducers; few large partitions are
 * what e.g. non-splittable gzipped logs give) are 400 000 lines per reducer, estimated at 95 MiB (below the
 * 127 MiB pool, so no spill) and holding 664-681 MiB (about 1.3 heaps) — measured with Spark's
 * {@code PartitionedPairBuffer} and the default shape in three arrival orders, and checked at 20 000 lines by
 * {@code S10SortAndDistinctTest}. {@code distinct}'s map-side combine (the map task's {@code ExternalSorter}
 * with an aggregator, over a {@code PartitionedAppendOnlyMap}) sizes itself with the same {@code SizeTracker},
 * and each map task reads 400 000 lines too. Seed 28's {@code coalesce(n)} after the sort is left out: a
 * coalesced task computes its parent partitions one after another and each reduce partition's sorter is
 * released when its iterator ends, so it changes the task count, not what a sorter buffers; leaving it out
 * keeps the global-order check (a coalesced partition joins parents by locality, not in key order).
 *
 * <p>Answer: {@code sorted}, the number of lines after the sort, the sum of their 64-bit string hashes and
 * the distinct count. The driver counts each value's occurrences in an {@code int[distinctValues]} and
 * builds each distinct line once.
 *
 * <p>Calibration 2026-11-27 (stock Spark 4.1.3, {@code local-cluster[2,1,…]}, {@code spark.task.maxFailures=2},
 * default parameters: 1.6 M lines from 600 000 values (558 608 distinct hit), 1 720 big lines of 591 big
 * values, 2.38 GiB of text per pass, 4 partitions; single runs on a 2-core machine shared with other
 * engineers' jobs):
 * <ul>
 *   <li>512 MiB executors, {@code CaseRunner --mode stock}: FAILED after 93 s — {@code OutOfMemoryError: Java
 *       heap space} in both reducers of the sort ({@code ExternalSorter.insertAll} deserializing a long line),
 *       executors exit 52, no spill logged before the OOM; the map stage was resubmitted after fetch failures
 *       and the reducers failed again; GC 11% of task time. In {@code bin/spillway ab} the stock side: OOM
 *       (2 tasks), 52 s, GC 11%, peak executor heap 507.5 MiB.</li>
 *   <li>4 GiB executors, {@code CaseRunner --mode stock}: ok, correct answer, 97 s, GC 6%.</li>
 *   <li>Spillway side at 512 MiB ({@code bin/spillway ab}, drop-in jar of 2026-11-27 14:14): OOM, 55 s, GC 4%,
 *       peak heap 505 MiB — same stack: {@code SpillwayShuffleReader.combineOrSort} hands the records to
 *       Spark's {@code ExternalSorter}, whose estimate misses the big lines in the same way.</li>
 *   <li>The {@code distinct().count()} job alone (a scratch driver, same lines, same cluster, 512 MiB): FAILED
 *       after 58 s — {@code OutOfMemoryError} in the map stage, in {@code SortShuffleWriter}'s
 *       {@code ExternalSorter.insertAll} while the next line was generated; executors exit 52; GC 24%. So
 *       both jobs of the case fail on their own; in the case the sort runs first.</li>
 *   <li>Earlier shapes (not kept): 6 M lines of 117 chars from 2 M values, 8 partitions: stock 512 MiB ok,
 *       correct, 152 s, GC 8% (the sorter and {@code distinct}'s map-side combine spill in time when every
 *       record is the same size); half of the lines one hot value: ok, 71 s, GC 9% (Spark 4.1's
 *       {@code ExternalSorter} spills record by record; the seed's 2014 failure with "file handles as the
 *       biggest memory user" was Spark 0.9's hash shuffle, which no longer exists).</li>
 * </ul>
 */
public final class S10SortAndDistinct implements OomCase {

  /** How many different lines the generator draws from. */
  public static final String DISTINCT_VALUES = "distinctValues";

  /** Characters after the key and the bar of an ordinary (short) line. */
  public static final String PAYLOAD_CHARS = "payloadChars";

  /** One distinct value in this many has a big line. */
  public static final String BIG_LINE_ONE_IN = "bigLineOneIn";

  /** Smallest payload of a big line, KiB (of one-byte characters). */
  public static final String BIG_MIN_KIB = "bigMinKiB";

  /** Largest payload of a big line, KiB; sizes are log-uniform between the two. */
  public static final String BIG_MAX_KIB = "bigMaxKiB";

  /** Hex digits of a line's key. */
  static final int KEY_CHARS = GenHeavyTailedLines.KEY_CHARS;

  private static final long SALT_VALUE = 0x5A10L;
  private static final int CHARS_PER_KIB = 1024;

  @Override
  public String id() {
    return "S10";
  }

  @Override
  public String title() {
    return "sortByKey and distinct().count() over text lines whose sizes are heavy-tailed (1 in 1 000 is 0.25-4 MiB)";
  }

  @Override
  public String seedCases() {
    return "9, 28";
  }

  @Override
  public CaseParams defaults() {
    return CaseParams.of(1_600_000, 0.0, 4).with(DISTINCT_VALUES, 600_000).with(PAYLOAD_CHARS, 100)
        .with(BIG_LINE_ONE_IN, 1_000).with(BIG_MIN_KIB, 256).with(BIG_MAX_KIB, 4_096);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    long records = params.records();
    int partitions = params.partitions();
    long distinctValues = params.extra(DISTINCT_VALUES);
    GenHeavyTailedLines shape = shape(params);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<String> lines = UtilSplit.partitionIds(jsc, partitions)
        .flatMap(p -> UtilValueIterator.ofPartition(records, partitions, p,
            g -> shape.line(valueOf(g, distinctValues))));
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
    GenHeavyTailedLines shape = shape(params);
    int[] occurrences = new int[distinctValues];
    for (long g = 0; g < params.records(); g++) {
      occurrences[(int) valueOf(g, distinctValues)]++;
    }
    long checksum = 0;
    long distinct = 0;
    for (int u = 0; u < distinctValues; u++) {
      if (occurrences[u] > 0) {
        distinct++;
        checksum += occurrences[u] * stringHash(shape.line(u));
      }
    }
    return render(true, params.records(), checksum, distinct);
  }

  static long valueOf(long g, long distinctValues) {
    return UtilHash.below(UtilHash.hash(g, SALT_VALUE), distinctValues);
  }

  /** The line shape the knobs describe. */
  static GenHeavyTailedLines shape(CaseParams params) {
    return new GenHeavyTailedLines(Math.toIntExact(params.extra(PAYLOAD_CHARS)), params.extra(BIG_LINE_ONE_IN),
        Math.toIntExact(params.extra(BIG_MIN_KIB) * CHARS_PER_KIB),
        Math.toIntExact(params.extra(BIG_MAX_KIB) * CHARS_PER_KIB));
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

  static String render(boolean sorted, long count, long checksum, long distinct) {
    return "sorted=" + sorted + " lines=" + count + " checksum=" + Long.toHexString(checksum) + " distinct=" + distinct;
  }
}

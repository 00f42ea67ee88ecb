package io.spillway.it.cases;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * S11 — records of several MiB each through a shuffle: {@code groupByKey} over byte[] values of
 * {@code valueMiB} each, a few values per key, no skew.
 *
 * <p>Why it breaks stock Spark without any skew: the reduce side's {@code ExternalAppendOnlyMap} (a
 * {@code Spillable}) only checks its size every 32 records, so with 8 MiB records it has buffered about
 * 256 MiB before it first asks whether to spill, inside a 512 MiB heap that also holds fetched blocks and
 * the record being deserialized. Small groups (four values per key) keep the grouped result itself
 * harmless: what fails is the buffering of multi-MiB records, not a hot key.
 *
 * <p>Records: global index {@code g} has key {@code g / recordsPerKey} and a value of
 * {@code UtilBytes.generate(hash(g, SALT), valueMiB MiB)}. Answer: number of groups, number of values and
 * the sum over values of {@code mix64(contentChecksum ^ key)}, computed per group after the shuffle; the
 * driver streams the same words without allocating a value.
 *
 * <p>Calibration (stock Spark 4.1.3, {@code local-cluster[2,1,…]}, {@code spark.task.maxFailures=2}, default
 * parameters: 256 records × 8 MiB = 2 GiB, 16 map tasks of 128 MiB, 4 reducers, 4 values per key;
 * single runs on a 2-core machine shared with other engineers' Spark jobs, so times are noisy):
 * <ul>
 *   <li>512 MiB executors: FAILED after 68 s — {@code OutOfMemoryError: Java heap space} in the reduce
 *       task while deserializing a value into the {@code ExternalAppendOnlyMap}; the job aborted on
 *       task 0 of the reduce stage (2 attempts; the second failed as the dying executor rejected it);
 *       GC 3% of task time.</li>
 *   <li>4 GiB executors: ok, correct answer, 78 s, GC 3%.</li>
 *   <li>A first attempt with 4 map tasks (64 values per map task) failed earlier, in the map stage: the
 *       Java serializer's back-reference table keeps every written object until it resets every 100
 *       objects ({@code spark.serializer.objectStreamReset}), so 64 × 8 MiB stayed reachable (inferred from
 *       the stack and {@code JavaSerializationStream}, not checked with a heap dump); both executors exited
 *       with code 52 after 39 s. The default uses 128 MiB input splits so the failure is the
 *       reduce-side one this case is about.</li>
 * </ul>
 */
public final class S11MultiMiBRecords implements OomCase {

  /** Size of each value, MiB. */
  public static final String VALUE_MIB = "valueMiB";

  /** Map tasks (input partitions); {@code partitions} is the number of reducers. */
  public static final String MAP_TASKS = "mapTasks";

  /** Values per key. */
  public static final String RECORDS_PER_KEY = "recordsPerKey";

  /** Separates this case's value seeds from other cases'. */
  static final long SALT = 0x5311L;

  private static final long BYTES_PER_MIB = 1L << 20;

  @Override
  public String id() {
    return "S11";
  }

  @Override
  public String title() {
    return "groupByKey over records of several MiB each (no skew)";
  }

  @Override
  public String seedCases() {
    return "4, 33";
  }

  @Override
  public CaseParams defaults() {
    return CaseParams.of(256, 0.0, 4).with(VALUE_MIB, 8).with(RECORDS_PER_KEY, 4).with(MAP_TASKS, 16);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    long records = params.records();
    int partitions = params.partitions();
    int mapTasks = Math.toIntExact(params.extra(MAP_TASKS));
    int valueBytes = valueBytes(params);
    long perKey = params.extra(RECORDS_PER_KEY);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long[] got = UtilSplit.partitionIds(jsc, mapTasks)
        .flatMapToPair(p -> UtilValueIterator.ofPartition(records, mapTasks, p,
            g -> new Tuple2<>(g / perKey, UtilBytes.generate(UtilHash.hash(g, SALT), valueBytes))))
        .groupByKey(partitions)
        .map(group -> {
          long count = 0;
          long sum = 0;
          for (byte[] v : group._2()) {
            count++;
            sum += UtilHash.mix64(UtilBytes.checksum(v) ^ group._1());
          }
          return new long[] {1, count, sum};
        })
        .reduce(S11MultiMiBRecords::add);
    return new CaseResult(expected(params), render(got[0], got[1], got[2]));
  }

  /** The answer from the generator alone: streams every value's words, allocates nothing per record. */
  static String expected(CaseParams params) {
    int valueBytes = valueBytes(params);
    long perKey = params.extra(RECORDS_PER_KEY);
    long sum = 0;
    for (long g = 0; g < params.records(); g++) {
      sum += UtilHash.mix64(UtilBytes.expectedChecksum(UtilHash.hash(g, SALT), valueBytes) ^ (g / perKey));
    }
    long groups = (params.records() + perKey - 1) / perKey;
    return render(groups, params.records(), sum);
  }

  static int valueBytes(CaseParams params) {
    return Math.toIntExact(params.extra(VALUE_MIB) * BYTES_PER_MIB);
  }

  private static long[] add(long[] a, long[] b) {
    return new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
  }

  static String render(long groups, long values, long checksum) {
    return "groups=" + groups + " values=" + values + " checksum=" + Long.toHexString(checksum);
  }
}

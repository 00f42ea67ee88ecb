package io.spillway.it.cases;

import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * S7 — reducers fetching many large blocks at once under a generous {@code spark.reducer.maxSizeInFlight}
 * (seed 4: "70 byte[]s of 48 MB each" held by fetch buffers).
 *
 * <p>Shape: {@code mapTasks} map tasks each write {@code records / mapTasks} values of {@code valueKiB} into
 * {@code partitions} reduce partitions, so every map output block is tens of MiB; the reducers only
 * stream their records (a {@code partitionBy} followed by a checksum, no aggregation, no sort), so the
 * one thing that holds memory on the reduce side is what is in flight. The workload sets
 * {@code spark.reducer.maxSizeInFlight=512m}, as a user does to speed up a fetch-bound job, and each
 * in-flight request stays below {@code spark.network.maxRemoteBlockSizeFetchToMem} (200m), so none is
 * streamed to disk.
 *
 * <p>Two more settings make the one-host local cluster behave like the seed's cluster, and are part of the
 * case (the same for stock and Spillway):
 * <ul>
 *   <li>{@code spark.shuffle.readHostLocalDisk=false}: on a real cluster a reducer's blocks from other
 *       executors come over the network; with host-local reading on, executors on one host read each
 *       other's shuffle files from disk and no fetch buffer ever exists. ({@code local-cluster} already
 *       defaults it to false in {@code SparkContext.createTaskScheduler}; the case sets it so that it does
 *       not depend on the master.)</li>
 *   <li>{@code spark.network.io.preferDirectBufs=false} (and {@code spark.shuffle.io.preferDirectBufs=false}):
 *       the seed's heap dump shows the in-flight blocks as on-heap {@code byte[]}s. Spark 4.1's fetch
 *       buffers come from Netty's shared pooled allocator, which is direct by default (capped by
 *       {@code -XX:MaxDirectMemorySize}, which defaults to {@code -Xmx}) and governed by the
 *       {@code spark.network.io} key, not the {@code spark.shuffle.io} one
 *       ({@code TransportConf.preferDirectBufsForSharedByteBufAllocators}); turning it off puts the fetched
 *       blocks on the heap the suite squeezes, as in the seed.</li>
 * </ul>
 *
 * <p>Answer: the number of values and the sum of {@code mix64(contentChecksum ^ g)} (the value's global
 * index travels as its key); the driver streams the same words without allocating a value.
 *
 * <p>Calibration (stock Spark 4.1.3, {@code spark.task.maxFailures=2}, default parameters: 2048 values of
 * 1 MiB = 2 GiB, 32 map tasks, 2 reducers, so 32 MiB blocks; each reducer requests all its remote blocks at
 * once — the executor log says "18 (586.3 MiB) remote blocks … Started 4 remote fetches"; single runs on a
 * shared 2-core machine, times noisy):
 * <ul>
 *   <li>512 MiB executors, the settings above (heap fetch buffers, no host-local reads): <b>did not
 *       fail</b> — ok, correct answer, 34 s, GC 6%, no lost executor; a second run with {@code -Xlog:gc}
 *       (30 s, GC 7%) showed at most 363 MiB live after a young GC during the reduce stage: the window
 *       never filled, because a reducer (one core per executor) checksums its local blocks and the arriving
 *       remote ones about as fast as loopback delivers them. The seed had many concurrent reducers per JVM,
 *       each with its own window; one reducer per executor does not reproduce that.</li>
 *   <li>512 MiB executors with direct fetch buffers (the earlier version of this case): ok, 90 s, GC 3%.</li>
 *   <li>4 GiB executors (direct buffers, earlier version): ok, correct answer, 53 s, GC 2%.</li>
 * </ul>
 */
public final class S7LargeFetchInFlight implements OomCase {

  /** Size of each value, KiB. */
  public static final String VALUE_KIB = "valueKiB";

  /** Map tasks (input partitions); {@code partitions} is the number of reducers. */
  public static final String MAP_TASKS = "mapTasks";

  /** The generous fetch window that is part of this workload. */
  public static final String MAX_SIZE_IN_FLIGHT = "512m";

  /** Separates this case's value seeds from other cases'. */
  static final long SALT = 0x5707L;

  private static final int BYTES_PER_KIB = 1024;

  @Override
  public String id() {
    return "S7";
  }

  @Override
  public String title() {
    return "reducers fetching large map output blocks with maxSizeInFlight=" + MAX_SIZE_IN_FLIGHT;
  }

  @Override
  public String seedCases() {
    return "4";
  }

  @Override
  public CaseParams defaults() {
    return CaseParams.of(2048, 0.0, 2).with(VALUE_KIB, 1024).with(MAP_TASKS, 32);
  }

  @Override
  public Map<String, String> sparkConf() {
    return Map.of(
        "spark.reducer.maxSizeInFlight", MAX_SIZE_IN_FLIGHT,
        "spark.shuffle.readHostLocalDisk", "false",
        "spark.network.io.preferDirectBufs", "false",
        "spark.shuffle.io.preferDirectBufs", "false");
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    long records = params.records();
    int mapTasks = Math.toIntExact(params.extra(MAP_TASKS));
    int valueBytes = valueBytes(params);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long[] got = UtilSplit.partitionIds(jsc, mapTasks)
        .flatMapToPair(p -> UtilValueIterator.ofPartition(records, mapTasks, p,
            g -> new Tuple2<>(g, UtilBytes.generate(UtilHash.hash(g, SALT), valueBytes))))
        .partitionBy(new HashPartitioner(params.partitions()))
        .mapPartitions(it -> {
          long count = 0;
          long sum = 0;
          while (it.hasNext()) {
            Tuple2<Long, byte[]> r = it.next();
            count++;
            sum += UtilHash.mix64(UtilBytes.checksum(r._2()) ^ r._1());
          }
          return java.util.List.of(new long[] {count, sum}).iterator();
        })
        .reduce((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
    return new CaseResult(expected(params), render(got[0], got[1]));
  }

  /** The answer from the generator alone, streaming every value's words. */
  static String expected(CaseParams params) {
    int valueBytes = valueBytes(params);
    long sum = 0;
    for (long g = 0; g < params.records(); g++) {
      sum += UtilHash.mix64(UtilBytes.expectedChecksum(UtilHash.hash(g, SALT), valueBytes) ^ g);
    }
    return render(params.records(), sum);
  }

  static int valueBytes(CaseParams params) {
    return Math.toIntExact(params.extra(VALUE_KIB) * BYTES_PER_KIB);
  }

  static String render(long values, long checksum) {
    return "values=" + values + " checksum=" + Long.toHexString(checksum);
  }
}

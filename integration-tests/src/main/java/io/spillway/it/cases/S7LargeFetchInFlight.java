package io.spillway.it.cases;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * S7 — reducers fetching many large blocks at once under a generous {@code spark.reducer.maxSizeInFlight}
 * (seed 4: "70 byte[]s of 48 MB each" held by fetch buffers).
 *
 * <p>Shape: four shuffled inputs of large values ({@code records / 4} values of {@code valueKiB} each, written
 * by {@code mapTasks} map tasks per input into {@code partitions} reduce partitions, so every map output block
 * is tens of MiB) read together by one {@code cogroup}, as a multi-way join does. Reading a cogroup partition
 * creates every input's {@code ShuffleBlockFetcherIterator} up front, and each sends its first requests — up to
 * {@code spark.reducer.maxSizeInFlight} — as it is created: four windows are open at once in one reducer. The
 * workload sets {@code spark.reducer.maxSizeInFlight=512m}, as a user does to speed up a fetch-bound job;
 * each request stays below {@code spark.network.maxRemoteBlockSizeFetchToMem} (200m), so none is streamed
 * to disk. (The first version read one input with {@code partitionBy}: a single window never filled, because
 * one reducer per executor consumes blocks about as fast as loopback delivers them — it passed at 512 MiB.)
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
 *       ({@code TransportConf.preferDirectBufsForSharedByteBufAllocators}). With it off, Netty 4.2 still
 *       reads the socket into direct buffers ({@code ioBuffer}), but Spark's {@code TransportFrameDecoder}
 *       consolidates a large frame every 20 MiB into a buffer of the allocator's default kind, now heap: the
 *       fetched blocks then sit on the heap the suite squeezes, as in the seed.</li>
 * </ul>
 *
 * <p>Answer: the number of values and the sum of {@code mix64(contentChecksum ^ g)} over every value's global
 * index {@code g} (input {@code i}, key {@code k}: {@code g = i * records / 4 + k}); the driver streams the same
 * words without allocating a value.
 *
 * <p>Calibration (stock Spark 4.1.3, 2 executors × 1 core, {@code spark.task.maxFailures=2} and
 * {@code spark.stage.maxConsecutiveAttempts=2} as the harness sets them; defaults: 2048 values of 1 MiB =
 * 2 GiB over 4 inputs, 8 map tasks per input, 2 reducers, so 32 MiB blocks; single runs on a shared 2-core
 * machine, times noisy):
 * <ul>
 *   <li>512 MiB executors: <b>fails</b> — {@code java.lang.OutOfMemoryError: Java heap space} in Netty's
 *       {@code TransportChannelHandler} while the reducer's fetches are in flight ("Still have 10 requests
 *       outstanding when connection … is closed"), the task's retry is rejected by the dying executor, job
 *       aborted after 14.9 s (a second run: 14.1 s).</li>
 *   <li>4 GiB executors: ok, correct answer, 17.8 s.</li>
 *   <li>Earlier single-input version: 512 MiB ok in 18–34 s (GC 5–6%, at most 363 MiB live); with direct
 *       fetch buffers ok in 90 s (GC 3%); 4 GiB ok in 23–53 s.</li>
 * </ul>
 */
public final class S7LargeFetchInFlight implements OomCase {

  /** Size of each value, KiB. */
  public static final String VALUE_KIB = "valueKiB";

  /** Shuffled inputs read together by one cogroup: the most the Java API's cogroup takes. */
  static final int INPUTS = 4;

  /** Map tasks per input; {@code partitions} is the number of reducers. */
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
    return CaseParams.of(2048, 0.0, 2).with(VALUE_KIB, 1024).with(MAP_TASKS, 8);
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
    long perInput = params.records() / INPUTS;
    HashPartitioner reducers = new HashPartitioner(params.partitions());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<JavaPairRDD<Long, byte[]>> in = new ArrayList<>();
    for (int i = 0; i < INPUTS; i++) {
      in.add(input(jsc, params, i, perInput));
    }
    // Reading a cogroup's partition creates every input's reader, and each reader sends its first
    // requests, up to maxSizeInFlight, as it is created: all windows are open at once.
    long[] got = in.get(0).cogroup(in.get(1), in.get(2), in.get(3), reducers)
        .mapPartitions(it -> {
          long count = 0;
          long sum = 0;
          while (it.hasNext()) {
            var r = it.next();
            long key = r._1();
            List<Iterable<byte[]>> sides = List.of(r._2()._1(), r._2()._2(), r._2()._3(), r._2()._4());
            for (int i = 0; i < sides.size(); i++) {
              for (byte[] v : sides.get(i)) {
                count++;
                sum += UtilHash.mix64(UtilBytes.checksum(v) ^ (i * perInput + key));
              }
            }
          }
          return List.of(new long[] {count, sum}).iterator();
        })
        .reduce((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
    return new CaseResult(expected(params), render(got[0], got[1]));
  }

  /**
   * Input {@code i} holds the values of global indexes {@code [i * perInput, (i + 1) * perInput)}, keyed by
   * the index within the input so that every key has one value on each side of the cogroup.
   */
  private static JavaPairRDD<Long, byte[]> input(JavaSparkContext jsc, CaseParams params, int i, long perInput) {
    int mapTasks = Math.toIntExact(params.extra(MAP_TASKS));
    int valueBytes = valueBytes(params);
    long base = i * perInput;
    return UtilSplit.partitionIds(jsc, mapTasks)
        .flatMapToPair(p -> UtilValueIterator.ofPartition(perInput, mapTasks, p,
            k -> new Tuple2<>(k, UtilBytes.generate(UtilHash.hash(base + k, SALT), valueBytes))));
  }

  /** The answer from the generator alone, streaming every value's words. */
  static String expected(CaseParams params) {
    int valueBytes = valueBytes(params);
    long values = params.records() / INPUTS * INPUTS;
    long sum = 0;
    for (long g = 0; g < values; g++) {
      sum += UtilHash.mix64(UtilBytes.expectedChecksum(UtilHash.hash(g, SALT), valueBytes) ^ g);
    }
    return render(values, sum);
  }

  static int valueBytes(CaseParams params) {
    return Math.toIntExact(params.extra(VALUE_KIB) * BYTES_PER_KIB);
  }

  static String render(long values, long checksum) {
    return "values=" + values + " checksum=" + Long.toHexString(checksum);
  }
}

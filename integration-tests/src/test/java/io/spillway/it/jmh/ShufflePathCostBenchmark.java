package io.spillway.it.jmh;

import io.spillway.runtime.SpillwayPlugin;
import io.spillway.shuffle.SpillwayShuffleManager;
import java.util.concurrent.TimeUnit;
import org.apache.spark.HashPartitioner;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import scala.Tuple2;

/**
 * What each shuffle path costs through Spillway against Spark's own code, with no memory pressure: the same
 * shuffle under Spark's {@code SortShuffleManager} ({@code manager=stock}) and under
 * {@link SpillwayShuffleManager} with its plugin ({@code manager=spillway}), in a {@code local[1]} session per
 * fork, {@code RECORDS} (long, long) records over uniform keys. Per path:
 * <ul>
 *   <li>{@code rddCombineWrite}: the map stage of {@code reduceByKey} (map-side combine: Spark's sort writer
 *       under Spillway's writer decorators — key sketch, checkpoint);
 *   <li>{@code rddCombineJob}: the whole {@code reduceByKey} job, so minus the map stage, Spillway's reader and
 *       reduce-side aggregation against {@code BlockStoreShuffleReader}'s;
 *   <li>{@code rddGroupJob}: {@code groupByKey} (no map-side combine; Spillway's streaming grouping on the read);
 *   <li>{@code bypassWrite}: the map stage of {@code partitionBy} to 16 partitions (Spark's bypass-merge writer);
 *   <li>{@code sqlAggregateJob}: a Spark SQL {@code group by} (UnsafeRow shuffle: the serialized writer and SQL's
 *       reader path).
 * </ul>
 * Run: {@code bin/spillway jmh ShufflePathCost}. Compare the {@code stock} and {@code spillway} rows of one path in
 * one run (same machine, same moment; nothing else running): their ratio is Spillway's cost on that path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4)
@Measurement(iterations = 10)
@Fork(value = 2, jvmArgsAppend = {"-Xmx2g"})
public class ShufflePathCostBenchmark {

  /** Records per job: large enough that per-record cost dominates task overhead. */
  static final long RECORDS = 3_000_000L;
  static final long KEYS = 100_000L;

  @Param({"stock", "spillway"})
  public String manager;

  private SparkSession spark;
  private JavaSparkContext jsc;
  private JavaPairRDD<Long, Long> pairs;
  private Dataset<Row> table;

  @Setup(Level.Trial)
  public void start() {
    SparkConf conf = new SparkConf()
        .setMaster("local[1]")
        .setAppName("spillway-jmh-shuffle-path")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.sql.shuffle.partitions", "16")
        .set("spark.sql.adaptive.enabled", "false");
    if (manager.equals("spillway")) {
      conf.set("spark.shuffle.manager", SpillwayShuffleManager.class.getName())
          .set("spark.plugins", SpillwayPlugin.class.getName());
    }
    spark = SparkSession.builder().config(conf).getOrCreate();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setLogLevel("WARN"); // Spark's INFO lines would interleave with JMH's output
    var ids = JavaRDD.fromRDD(jsc.sc().range(0, RECORDS, 1, 4), scala.reflect.ClassTag$.MODULE$.apply(Long.class));
    pairs = ids.mapToPair(x -> new Tuple2<>(mix((Long) x) % KEYS, (Long) x));
    table = spark.range(0, RECORDS, 1, 4).withColumn("k", functions.abs(functions.hash(functions.col("id")))
        .mod(KEYS));
  }

  private static long mix(long x) {
    long z = x * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return Math.abs(z ^ (z >>> 31));
  }

  @TearDown(Level.Trial)
  public void stop() {
    spark.stop();
  }

  private Object mapStageOnly(JavaPairRDD<?, ?> shuffled) throws Exception {
    ShuffleDependency<?, ?, ?> dep = (ShuffleDependency<?, ?, ?>) shuffled.rdd().dependencies().head();
    Object stats = jsc.sc().submitMapStage(dep).get();
    jsc.sc().cleaner().foreach(c -> {
      c.doCleanupShuffle(dep.shuffleId(), true);
      return null;
    });
    return stats;
  }

  @Benchmark
  public Object rddCombineWrite() throws Exception {
    return mapStageOnly(pairs.reduceByKey(Long::sum, 16));
  }

  @Benchmark
  public long rddCombineJob() {
    return pairs.reduceByKey(Long::sum, 16).count();
  }

  @Benchmark
  public long rddGroupJob() {
    return pairs.groupByKey(16).mapValues(v -> {
      long n = 0;
      for (Long ignored : v) {
        n++;
      }
      return n;
    }).count();
  }

  @Benchmark
  public Object bypassWrite() throws Exception {
    return mapStageOnly(pairs.partitionBy(new HashPartitioner(16)));
  }

  @Benchmark
  public long sqlAggregateJob() {
    return table.groupBy("k").agg(functions.sum("id")).count();
  }
}

package io.spillway.it.jmh;

import io.spillway.runtime.SpillwayPlugin;
import io.spillway.shuffle.SpillwayShuffleManager;
import java.util.concurrent.TimeUnit;
import org.apache.spark.HashPartitioner;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
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
 * What hot-key detection costs a map stage without skew (its budget: at most 2 %): the same map stage —
 * {@code RECORDS} (long, long) records over uniform keys, hash-partitioned into 16 reduce partitions and
 * written by Spark's writer through {@link SpillwayShuffleManager} — with {@code spark.spillway.skew.enabled}
 * false and true, in a {@code local[1]} SparkContext per fork. Only the map stage runs
 * ({@code SparkContext.submitMapStage}), so the time is the writer's plus record generation.
 *
 * <p>Run: {@code bin/spillway jmh MapStageSketchCost}. Compare the two {@code skew} rows of one run (same
 * machine, same moment): their ratio is the cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 15)
@Fork(value = 2, jvmArgsAppend = {"-Xmx2g"})
public class MapStageSketchCostBenchmark {

  /** Records per map stage: large enough that per-record cost dominates task overhead. */
  static final long RECORDS = 4_000_000L;

  @Param({"false", "true"})
  public boolean skew;

  @Param({"org.apache.spark.serializer.KryoSerializer", "org.apache.spark.serializer.JavaSerializer"})
  public String serializer;

  private JavaSparkContext jsc;
  private JavaRDD<Tuple2<Long, Long>> records;

  @Setup(Level.Trial)
  public void start() {
    SparkConf conf = new SparkConf()
        .setMaster("local[1]")
        .setAppName("spillway-jmh-map-stage")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.serializer", serializer)
        .set("spark.shuffle.manager", SpillwayShuffleManager.class.getName())
        .set("spark.plugins", SpillwayPlugin.class.getName())
        .set("spark.spillway.skew.enabled", Boolean.toString(skew));
    jsc = new JavaSparkContext(conf);
    jsc.setLogLevel("WARN"); // Spark's INFO lines would interleave with JMH's output
    records = JavaRDD.fromRDD(jsc.sc().range(0, RECORDS, 1, 4), scala.reflect.ClassTag$.MODULE$.apply(Long.class))
        .map(x -> new Tuple2<>((Long) x % 100_000L, (Long) x));
  }

  @TearDown(Level.Trial)
  public void stop() {
    jsc.stop();
  }

  /** One map stage: 4 map tasks of 1 M records each, written to 16 reduce partitions. */
  @Benchmark
  public Object mapStage() throws Exception {
    var shuffled = records.mapToPair(t -> t).partitionBy(new HashPartitioner(16));
    ShuffleDependency<?, ?, ?> dep = (ShuffleDependency<?, ?, ?>) shuffled.rdd().dependencies().head();
    Object stats = jsc.sc().submitMapStage(dep).get();
    jsc.sc().cleaner().foreach(c -> {
      c.doCleanupShuffle(dep.shuffleId(), true);
      return null;
    });
    return stats;
  }
}

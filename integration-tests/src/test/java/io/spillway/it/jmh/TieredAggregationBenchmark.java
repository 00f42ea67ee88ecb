package io.spillway.it.jmh;

import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.shuffle.tiered.ReduceSideAggregation;
import io.spillway.shuffle.tiered.TieredAggregationMode;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.spark.Aggregator;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext$;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.serializer.Serializer;
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
import scala.Option;
import scala.Product2;
import scala.Tuple2;
import scala.collection.AbstractIterator;
import scala.collection.Iterator;

/**
 * Reduce-side aggregation of {@code keys} distinct Long keys with Long combiners (a reduceByKey(sum) reduce
 * task whose keys all differ, the many-distinct-keys shape), driven directly through
 * {@link ReduceSideAggregation} inside a task of a {@code local[1]} SparkContext (Kryo), records generated
 * on the fly, output consumed:
 * <ul>
 *   <li>{@code spark}: {@code tiered.aggregation=never}, i.e. Spark's {@code combineCombinersByKey}
 *       ({@code ExternalAppendOnlyMap}, spilling to disk when its memory runs out);
 *   <li>{@code tiered}: {@code always}, the tiered store from the first record (production sizes:
 *       heap tier = {@code tiered.heapRatio} × max heap);
 *   <li>{@code handover}: {@code auto} with the pressure level NORMAL when the read starts and HIGH
 *       afterwards: Spark's map until its first spill, whose combiners then go to the store, where the rest
 *       of the read merges. ({@code auto} below HIGH throughout is {@code spark}: the map spills to disk.)
 * </ul>
 * The heap is the fork's {@code -Xmx} (set with {@code -jvmArgsAppend}); one task owns all of Spark's
 * execution memory. Run: {@code SPILLWAY_NO_BUILD=1 bin/spillway jmh TieredAggregation -p keys=10000000
 * -jvmArgsAppend -Xmx1g} (the store's own pressure supplier is production's: NORMAL without a monitor).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(1)
public class TieredAggregationBenchmark {

  @Param({"10000000"})
  public long keys;

  @Param({"spark", "tiered", "handover"})
  public String path;

  private JavaSparkContext jsc;
  private Serializer serializer;
  private TaskContextImpl task;
  private long attempt;

  @Setup(Level.Trial)
  public void start() {
    SparkConf conf = new SparkConf()
        .setMaster("local[1]")
        .setAppName("spillway-jmh-tiered-aggregation")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    jsc = new JavaSparkContext(conf);
    serializer = SparkEnv.get().serializer();
  }

  @TearDown(Level.Trial)
  public void stop() {
    jsc.stop();
  }

  @Setup(Level.Invocation)
  public void startTask() {
    task = new TaskContextImpl(0, 0, 0, ++attempt, 0, 1,
        new TaskMemoryManager(SparkEnv.get().memoryManager(), attempt), new Properties(), SparkEnv.get().metricsSystem(),
        TaskMetrics.empty(), 1, scala.collection.immutable.Map$.MODULE$.empty());
    TaskContext$.MODULE$.setTaskContext(task);
  }

  /** Ends the task: its listeners close the store (deleting its files) and free Spark's map's memory. */
  @TearDown(Level.Invocation)
  public void endTask() {
    task.markTaskCompleted(Option.empty());
    TaskContext$.MODULE$.unset();
    System.out.printf("%n[%s] diskBytesSpilled=%d memoryBytesSpilled=%d%n", path,
        task.taskMetrics().diskBytesSpilled(), task.taskMetrics().memoryBytesSpilled());
  }

  /** Record i: key = a permutation of i over [0, keys), value = i; every key once. */
  private Iterator<Product2<Object, Long>> records() {
    long n = keys;
    return new AbstractIterator<>() {
      private long i;

      @Override
      public boolean hasNext() {
        return i < n;
      }

      @Override
      public Product2<Object, Long> next() {
        long k = (i * 2_654_435_761L + 12_345L) % n;
        return new Tuple2<>(k, i++);
      }
    };
  }

  @Benchmark
  public long aggregate() {
    scala.Function2<Long, Long, Long> sum = Long::sum;
    Aggregator<Object, Long, Long> agg = new Aggregator<>(v -> v, sum, sum);
    TieredAggregationMode mode = switch (path) {
      case "spark" -> TieredAggregationMode.NEVER;
      case "tiered" -> TieredAggregationMode.ALWAYS;
      case "handover" -> TieredAggregationMode.AUTO;
      default -> throw new IllegalArgumentException(path);
    };
    int[] reads = {0};
    // the level is read once when the read starts, once more at the first spill
    java.util.function.Supplier<PressureLevel> pressure =
        () -> reads[0]++ == 0 ? PressureLevel.NORMAL : PressureLevel.HIGH;
    ReduceSideAggregation aggregation = new ReduceSideAggregation(mode, pressure,
        ReduceSideAggregation.StoreOpener.fromConf(SparkEnv.get().conf()));
    Iterator<Product2<Object, Long>> out = aggregation.combineCombinersByKey(agg, records(), task, serializer, () -> 0L);
    long checksum = 0;
    long n = 0;
    while (out.hasNext()) {
      Product2<Object, Long> p = out.next();
      checksum += (Long) p._1() * 31 + p._2();
      n++;
    }
    if (n != keys) {
      throw new IllegalStateException(path + ": " + n + " keys out, " + keys + " in");
    }
    return checksum;
  }
}

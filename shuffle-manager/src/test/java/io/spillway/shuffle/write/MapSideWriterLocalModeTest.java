package io.spillway.shuffle.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.LocalSpark;
import io.spillway.shuffle.SpillwayShuffleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.shuffle.BlockStoreShuffleReader;
import org.apache.spark.shuffle.ShuffleReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scala.Product2;
import scala.Tuple2;

/**
 * Jobs of the local context whose map-side-combine shuffles are written by {@link SpillwaySortShuffleWriter}
 * (the default) give what they give with Spark's writer ({@code mapSideWriter.enabled=false}), read by
 * Spillway's reader (the job itself) and by Spark's {@code BlockStoreShuffleReader} (the job's shuffle read
 * again through a manager with {@code reader.enabled=false}).
 */
class MapSideWriterLocalModeTest {

  private static final String WRITER_KEY = "spark.spillway.shuffle.mapSideWriter.enabled";
  private static final int RECORDS = 50_000;
  private static final int MAPS = 4;
  private static final int REDUCERS = 3;

  private final JavaSparkContext jsc = LocalSpark.context();

  @AfterEach
  void restore() {
    // the manager reads the switch per map task from the conf it was built with: SparkEnv's
    SparkEnv.get().conf().remove(WRITER_KEY);
  }

  private JavaPairRDD<Integer, Long> pairs() {
    return jsc.parallelize(IntStream.range(0, RECORDS).boxed().toList(), MAPS)
        .mapToPair(i -> new Tuple2<>(i % 997, (long) i));
  }

  /** The job's result with Spillway's writer, after checking Spark's writer gives the same. */
  private <T> T sameAsStock(Supplier<T> job) {
    SparkEnv.get().conf().set(WRITER_KEY, "false");
    T stock = job.get();
    SparkEnv.get().conf().set(WRITER_KEY, "true");
    T ours = job.get();
    assertThat(ours).isEqualTo(stock);
    return ours;
  }

  @Test
  void reduceByKey_spillwayWriter_sameAsStockThroughBothReaders() {
    Map<Integer, Long> expected = new HashMap<>();
    for (int i = 0; i < RECORDS; i++) {
      expected.merge(i % 997, (long) i, Long::sum);
    }

    Map<Integer, Long> sums = sameAsStock(() -> new HashMap<>(pairs().reduceByKey(Long::sum, REDUCERS).collectAsMap()));
    JavaPairRDD<Integer, Long> reduced = pairs().reduceByKey(Long::sum, REDUCERS);
    reduced.count();

    assertThat(sums).isEqualTo(expected);
    assertThat(readWithSparksReader(reduced.rdd().dependencies().head())).isEqualTo(expected);
  }

  @Test
  void aggregateByKey_spillwayWriter_sameAsStockThroughBothReaders() {
    Map<Integer, Long> expected = new HashMap<>();
    for (int i = 0; i < RECORDS; i++) {
      expected.merge(i % 997, 1L, Long::sum);
    }

    Map<Integer, Long> counts = sameAsStock(() ->
        new HashMap<>(pairs().aggregateByKey(0L, REDUCERS, (c, v) -> c + 1, Long::sum).collectAsMap()));
    JavaPairRDD<Integer, Long> aggregated = pairs().aggregateByKey(0L, REDUCERS, (c, v) -> c + 1, Long::sum);
    aggregated.count();

    assertThat(counts).isEqualTo(expected);
    assertThat(readWithSparksReader(aggregated.rdd().dependencies().head())).isEqualTo(expected);
  }

  @Test
  void distinct_spillwayWriter_sameAsStock() {
    JavaRDD<String> lines = jsc.parallelize(IntStream.range(0, RECORDS).mapToObj(i -> "line-" + (i % 4_999)).toList(),
        MAPS);

    List<String> distinct = sameAsStock(() -> lines.distinct(REDUCERS).collect().stream().sorted().toList());

    assertThat(distinct).hasSize(4_999).doesNotHaveDuplicates().contains("line-0", "line-4998");
  }

  /** Every reduce partition of the job's shuffle, read again by Spark's reader from the files the job wrote. */
  @SuppressWarnings("unchecked")
  private static Map<Integer, Long> readWithSparksReader(Object dependency) {
    ShuffleDependency<Integer, Long, Long> dep = (ShuffleDependency<Integer, Long, Long>) dependency;
    assertThat(dep.mapSideCombine()).isTrue();
    SparkConf conf = SparkEnv.get().conf().clone().set("spark.spillway.shuffle.reader.enabled", "false");
    SpillwayShuffleManager sparkReading = new SpillwayShuffleManager(conf, false);
    Map<Integer, Long> out = new HashMap<>();
    TaskContextImpl task = LocalSpark.startTask();
    try {
      for (int p = 0; p < dep.partitioner().numPartitions(); p++) {
        ShuffleReader<Integer, Long> reader = sparkReading.getReader(dep.shuffleHandle(), 0, Integer.MAX_VALUE, p, p + 1,
            task, task.taskMetrics().createTempShuffleReadMetrics());
        assertThat(reader).isInstanceOf(BlockStoreShuffleReader.class);
        scala.collection.Iterator<Product2<Integer, Long>> it = reader.read();
        while (it.hasNext()) {
          Product2<Integer, Long> r = it.next();
          assertThat(out.put(r._1(), r._2())).as("key %s read twice", r._1()).isNull();
        }
      }
    } finally {
      LocalSpark.endTask(task);
    }
    return out;
  }
}

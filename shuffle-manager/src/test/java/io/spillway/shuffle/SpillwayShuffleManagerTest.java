package io.spillway.shuffle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spillway.runtime.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.spark.Aggregator;
import org.apache.spark.HashPartitioner;
import org.apache.spark.MapOutputTrackerMaster;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.shuffle.BlockStoreShuffleReader;
import org.apache.spark.shuffle.IndexShuffleBlockResolver;
import org.apache.spark.shuffle.ShuffleHandle;
import org.apache.spark.shuffle.ShuffleReader;
import org.apache.spark.shuffle.ShuffleWriteProcessor;
import org.apache.spark.shuffle.ShuffleWriter;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Tuple2;

class SpillwayShuffleManagerTest {

  @Test
  void shuffleBlockResolver_isSparksIndexShuffleBlockResolver() {
    SpillwayShuffleManager manager = new SpillwayShuffleManager(new SparkConf(false), false);

    assertThat(manager.shuffleBlockResolver()).isInstanceOf(IndexShuffleBlockResolver.class);
    assertThat(((org.apache.spark.shuffle.ShuffleManager) manager).shuffleBlockResolver())
        .isSameAs(manager.shuffleBlockResolver());
    manager.stop();
  }

  @Test
  void constructor_badSpillwayValue_failsStartUpNamingKeyAndValue() {
    SparkConf conf = new SparkConf(false).set("spark.spillway.shuffle.reader.enabled", "maybe");

    assertThatThrownBy(() -> new SpillwayShuffleManager(conf, true))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("spark.spillway.shuffle.reader.enabled")
        .hasMessageContaining("maybe");
  }

  @Test
  void constructor_unknownSpillwayKey_failsStartUp() {
    SparkConf conf = new SparkConf(false).set("spark.spillway.shufle.reader.enabled", "true");

    assertThatThrownBy(() -> new SpillwayShuffleManager(conf, false))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("spark.spillway.shufle.reader.enabled");
  }

  @Test
  void constructor_controlOff_readerEnabledWithStockFetchPolicyAndWriters() {
    SpillwayShuffleManager manager = new SpillwayShuffleManager(
        new SparkConf(false).set("spark.spillway.control.enabled", "false"), false);

    assertThat(manager.readerEnabled()).isTrue();
    assertThat(manager.extensions().fetchLimitsPolicy()).isSameAs(FetchLimitsPolicy.SPARK_CONFIGURED);
    assertThat(manager.extensions().writerDecorator()).isSameAs(ShuffleWriterDecorator.NONE);
  }

  @Test
  void sparkEnv_localContext_createsSpillwayShuffleManagerFromConf() {
    LocalSpark.context();

    assertThat(SparkEnv.get().shuffleManager()).isInstanceOf(SpillwayShuffleManager.class);
  }

  @Test
  void reduceByKey_localContext_sameResultAsArithmetic() {
    List<Tuple2<Integer, Integer>> data = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      data.add(new Tuple2<>(i % 10, 1));
    }

    java.util.Map<Integer, Integer> counts =
        LocalSpark.context().parallelizePairs(data, 4).reduceByKey(Integer::sum, 3).collectAsMap();

    assertThat(counts).hasSize(10).allSatisfy((k, v) -> assertThat(v).isEqualTo(100));
  }

  @Test
  void getWriter_decorator_receivesSparksWriterAndItsResultIsReturned() {
    List<ShuffleWriter<?, ?>> seen = new ArrayList<>();
    ShuffleWriterDecorator recording = new ShuffleWriterDecorator() {
      @Override
      public <K, V> ShuffleWriter<K, V> decorate(ShuffleHandle handle, long mapId, TaskContext context,
          ShuffleWriter<K, V> writer) {
        seen.add(writer);
        return writer;
      }
    };
    // without the hot-key sketch, which would wrap the decorated writer once more
    SparkConf conf = LocalSpark.context().getConf().clone().set("spark.spillway.skew.enabled", "false");
    SpillwayShuffleManager manager = new SpillwayShuffleManager(conf, false,
        new ShuffleExtensions(FetchLimitsPolicy.SPARK_CONFIGURED, recording));
    ShuffleDependency<Object, Object, Object> dep = dependency(conf);
    ShuffleHandle handle = manager.registerShuffle(dep.shuffleId(), dep);
    TaskContextImpl task = LocalSpark.taskContext(new Properties());

    ShuffleWriter<Object, Object> writer =
        manager.getWriter(handle, 7L, task, task.taskMetrics().shuffleWriteMetrics());

    assertThat(seen).containsExactly(writer);
    // 2 partitions, no map-side combine: Spark's bypass-merge writer, chosen by SortShuffleManager.
    assertThat(writer.getClass().getName()).isEqualTo("org.apache.spark.shuffle.sort.BypassMergeSortShuffleWriter");
    writer.stop(false);
    manager.unregisterShuffle(dep.shuffleId());
  }

  @Test
  void getWriter_mapSideCombine_spillwaysSortWriterUnderTheDecorator() {
    List<String> writers = writerClasses(new SparkConf(false), combining(2), plain(2, false), plain(300, false),
        plain(300, true));

    assertThat(writers).containsExactly(
        "io.spillway.shuffle.write.SpillwaySortShuffleWriter",
        "org.apache.spark.shuffle.sort.BypassMergeSortShuffleWriter",
        "org.apache.spark.shuffle.sort.SortShuffleWriter",
        "org.apache.spark.shuffle.sort.UnsafeShuffleWriter");
  }

  @Test
  void getWriter_mapSideWriterDisabled_sparksSortShuffleWriter() {
    List<String> writers = writerClasses(new SparkConf(false).set("spark.spillway.shuffle.mapSideWriter.enabled", "false"),
        combining(2));

    assertThat(writers).containsExactly("org.apache.spark.shuffle.sort.SortShuffleWriter");
  }

  /** The class of the writer each dependency's map task gets, as the extensions' decorator receives it. */
  @SafeVarargs
  private static List<String> writerClasses(SparkConf settings, ShuffleDependency<Object, Object, Object>... deps) {
    List<String> seen = new ArrayList<>();
    ShuffleWriterDecorator recording = new ShuffleWriterDecorator() {
      @Override
      public <K, V> ShuffleWriter<K, V> decorate(ShuffleHandle handle, long mapId, TaskContext context,
          ShuffleWriter<K, V> writer) {
        seen.add(writer.getClass().getName());
        return writer;
      }
    };
    SparkConf conf = LocalSpark.context().getConf().clone().set("spark.spillway.skew.enabled", "false")
        .setAll(scala.Predef.wrapRefArray(settings.getAll()));
    SpillwayShuffleManager manager = new SpillwayShuffleManager(conf, false,
        new ShuffleExtensions(FetchLimitsPolicy.SPARK_CONFIGURED, recording));
    TaskContextImpl task = LocalSpark.taskContext(new Properties());
    for (ShuffleDependency<Object, Object, Object> dep : deps) {
      ShuffleHandle handle = manager.registerShuffle(dep.shuffleId(), dep);
      ShuffleWriter<Object, Object> writer = manager.getWriter(handle, 7L, task, task.taskMetrics().shuffleWriteMetrics());
      writer.stop(false);
      manager.unregisterShuffle(dep.shuffleId());
    }
    return seen;
  }

  private static ShuffleDependency<Object, Object, Object> combining(int partitions) {
    List<Tuple2<Object, Object>> data = List.of(new Tuple2<>(1, 1));
    Aggregator<Object, Object, Object> sum =
        new Aggregator<>(v -> v, (c, v) -> (Integer) c + (Integer) v, (a, b) -> (Integer) a + (Integer) b);
    return new ShuffleDependency<>(LocalSpark.context().parallelizePairs(data).rdd(), new HashPartitioner(partitions),
        new JavaSerializer(LocalSpark.context().getConf()), Option.empty(), Option.apply(sum), true,
        new ShuffleWriteProcessor(), LocalSpark.anyTag(), LocalSpark.anyTag(), LocalSpark.anyTag());
  }

  /** No map-side combine; Kryo supports relocating serialized records (Spark's serialized path), Java's does not. */
  private static ShuffleDependency<Object, Object, Object> plain(int partitions, boolean kryo) {
    List<Tuple2<Object, Object>> data = List.of(new Tuple2<>(1, 1));
    SparkConf conf = LocalSpark.context().getConf();
    return new ShuffleDependency<>(LocalSpark.context().parallelizePairs(data).rdd(), new HashPartitioner(partitions),
        kryo ? new KryoSerializer(conf) : new JavaSerializer(conf), Option.empty(), Option.empty(), false,
        new ShuffleWriteProcessor(), LocalSpark.anyTag(), LocalSpark.anyTag(), LocalSpark.anyTag());
  }

  @Test
  void getReader_readerEnabled_isSpillwaysAndReaderDisabled_isSparks() {
    SparkConf conf = LocalSpark.context().getConf();
    ShuffleDependency<Object, Object, Object> dep = dependency(conf);
    MapOutputTrackerMaster tracker = (MapOutputTrackerMaster) SparkEnv.get().mapOutputTracker();
    tracker.registerShuffle(dep.shuffleId(), 0, 2);
    TaskContextImpl task = LocalSpark.taskContext(new Properties());
    SpillwayShuffleManager enabled = new SpillwayShuffleManager(conf, false);
    SpillwayShuffleManager disabled =
        new SpillwayShuffleManager(conf.clone().set("spark.spillway.shuffle.reader.enabled", "false"), false);
    try {
      ShuffleHandle handle = enabled.registerShuffle(dep.shuffleId(), dep);

      ShuffleReader<Object, Object> ours = enabled.getReader(handle, 0, Integer.MAX_VALUE, 0, 1, task,
          task.taskMetrics().createTempShuffleReadMetrics());
      ShuffleReader<Object, Object> sparks = disabled.getReader(handle, 0, Integer.MAX_VALUE, 0, 1, task,
          task.taskMetrics().createTempShuffleReadMetrics());

      assertThat(ours).isInstanceOf(SpillwayShuffleReader.class);
      assertThat(((SpillwayShuffleReader<Object, Object>) ours).range())
          .isEqualTo(new ReadRange(dep.shuffleId(), 0, Integer.MAX_VALUE, 0, 1));
      assertThat(ours.read().hasNext()).isFalse();
      assertThat(sparks).isInstanceOf(BlockStoreShuffleReader.class);
    } finally {
      tracker.unregisterShuffle(dep.shuffleId());
    }
  }

  private static ShuffleDependency<Object, Object, Object> dependency(SparkConf conf) {
    List<Tuple2<Object, Object>> data = List.of(new Tuple2<>(1, 1));
    return new ShuffleDependency<>(LocalSpark.context().parallelizePairs(data).rdd(), new HashPartitioner(2),
        new JavaSerializer(conf), Option.empty(), Option.empty(), false, new ShuffleWriteProcessor(),
        LocalSpark.anyTag(), LocalSpark.anyTag(), LocalSpark.anyTag());
  }
}

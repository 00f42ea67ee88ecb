package io.spillway.shuffle.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.Aggregator;
import org.apache.spark.HashPartitioner;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.shuffle.IndexShuffleBlockResolver;
import org.apache.spark.shuffle.ShuffleWriteProcessor;
import org.apache.spark.util.collection.ExternalSorter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Product2;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/** A map-side sorter's output goes through the shuffle I/O plugin into Spark's index and data files. */
class MapOutputPluginTest {

  private static final int PARTITIONS = 4;
  private static final long MAP_ID = 3L;

  private TaskContextImpl task;
  private ShuffleDependency<Object, Object, Object> dep;

  @BeforeEach
  void startTask() {
    task = LocalSpark.startTask();
    List<Tuple2<Object, Object>> none = List.of();
    dep = new ShuffleDependency<>(LocalSpark.context().parallelizePairs(none).rdd(), new HashPartitioner(PARTITIONS),
        SparkEnv.get().serializer(), Option.empty(),
        Option.apply(new Aggregator<>(v -> v, (a, b) -> (Integer) a + (Integer) b, (a, b) -> (Integer) a + (Integer) b)),
        true, new ShuffleWriteProcessor(), LocalSpark.anyTag(), LocalSpark.anyTag(), LocalSpark.anyTag());
  }

  @AfterEach
  void endTask() {
    resolver().removeDataByMap(dep.shuffleId(), MAP_ID);
    LocalSpark.endTask(task);
  }

  private static IndexShuffleBlockResolver resolver() {
    return (IndexShuffleBlockResolver) SparkEnv.get().shuffleManager().shuffleBlockResolver();
  }

  @Test
  void writeSorted_lengthsPerPartitionAddUpToTheDataFile() throws Exception {
    ExternalSorter<Object, Object, Object> sorter = ShuffleShims.get().mapSideSorter(task, dep, SortSpillHook.spark());
    List<Product2<Object, Object>> records = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      records.add(new Tuple2<>(i % 50, 1));
    }
    SorterCalls.insertAll(sorter, CollectionConverters.asScala(records.iterator()));

    long[] lengths = MapOutputPlugin.load(SparkEnv.get().conf()).writeSorted(sorter, dep.shuffleId(), MAP_ID,
        PARTITIONS, task.taskMetrics().shuffleWriteMetrics());
    SorterCalls.stop(sorter);

    assertThat(lengths).hasSize(PARTITIONS);
    long total = 0;
    for (long l : lengths) {
      assertThat(l).isPositive(); // 50 keys over 4 partitions: none empty
      total += l;
    }
    assertThat(resolver().getDataFile(dep.shuffleId(), MAP_ID)).hasSize(total);
    assertThat(task.taskMetrics().shuffleWriteMetrics().recordsWritten()).isEqualTo(50);
  }
}

package io.spillway.shuffle.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.LocalSpark;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.HashPartitioner;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.shuffle.ShuffleWriteProcessor;
import org.apache.spark.shuffle.sort.SortShuffleManager;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

class ShuffleReadCompatTest {

  @Test
  void onCompletion_runsOnceWhenDrained() {
    AtomicInteger runs = new AtomicInteger();
    Iterator<Integer> it = ShuffleReadCompat.onCompletion(CollectionConverters.asScala(List.of(1, 2).iterator()),
        runs::incrementAndGet);

    it.next();
    assertThat(runs).hasValue(0);
    it.next();
    assertThat(it.hasNext()).isFalse();
    assertThat(it.hasNext()).isFalse();

    assertThat(runs).hasValue(1);
  }

  @Test
  void canUseBatchFetch_onlyWhenAskedForAndMoreThanOnePartition() {
    Properties asked = new Properties();
    asked.setProperty(SortShuffleManager.FETCH_SHUFFLE_BLOCKS_IN_BATCH_ENABLED_KEY(), "true");
    TaskContextImpl askedTask = LocalSpark.taskContext(asked);
    TaskContextImpl plainTask = LocalSpark.taskContext(new Properties());

    assertThat(ShuffleReadCompat.canUseBatchFetch(0, 3, askedTask)).isTrue();
    assertThat(ShuffleReadCompat.canUseBatchFetch(2, 3, askedTask)).isFalse();
    assertThat(ShuffleReadCompat.canUseBatchFetch(0, 3, plainTask)).isFalse();
  }

  @Test
  void mergeFinalized_freshDependency_false() {
    List<Tuple2<Object, Object>> none = List.of();
    ShuffleDependency<Object, Object, Object> dep = new ShuffleDependency<>(
        LocalSpark.context().parallelizePairs(none).rdd(), new HashPartitioner(2), SparkEnv.get().serializer(),
        Option.empty(), Option.empty(), false, new ShuffleWriteProcessor(), LocalSpark.anyTag(), LocalSpark.anyTag(),
        LocalSpark.anyTag());

    assertThat(ShuffleReadCompat.mergeFinalized(dep)).isFalse();
  }
}

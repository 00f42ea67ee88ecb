package io.spillway.shuffle.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.LocalSpark;
import java.util.List;
import org.apache.spark.Aggregator;
import org.apache.spark.HashPartitioner;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.shuffle.ShuffleHandle;
import org.apache.spark.shuffle.ShuffleManager;
import org.apache.spark.shuffle.ShuffleWriteProcessor;
import org.apache.spark.shuffle.sort.SortShuffleManager;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Tuple2;

/** Spark's sort shuffle manager and its handles, as the wrapping manager sees them. */
class SortShuffleCompatTest {

  private static final int SHUFFLE_ID = 900_001;

  private static ShuffleDependency<Object, Object, Object> dependency(boolean mapSideCombine, int partitions) {
    List<Tuple2<Object, Object>> none = List.of();
    Option<Aggregator<Object, Object, Object>> aggregator = mapSideCombine
        ? Option.apply(new Aggregator<>(v -> v, (a, b) -> a, (a, b) -> a))
        : Option.empty();
    return new ShuffleDependency<>(LocalSpark.context().parallelizePairs(none).rdd(), new HashPartitioner(partitions),
        SparkEnv.get().serializer(), Option.empty(), aggregator, mapSideCombine, new ShuffleWriteProcessor(),
        LocalSpark.anyTag(), LocalSpark.anyTag(), LocalSpark.anyTag());
  }

  @Test
  void newSortShuffleManager_isSparksWithItsIndexResolver() {
    ShuffleManager manager = SortShuffleCompat.newSortShuffleManager(new SparkConf(false));
    try {
      assertThat(manager).isInstanceOf(SortShuffleManager.class);
      assertThat(SortShuffleCompat.blockResolver(manager)).isSameAs(manager.shuffleBlockResolver());
    } finally {
      manager.stop();
    }
  }

  @Test
  void handles_mapSideCombineGetsThePlainSortHandle_smallPlainShuffleTheBypassOne() {
    LocalSpark.context();
    ShuffleManager manager = SortShuffleCompat.newSortShuffleManager(new SparkConf(false));
    try {
      ShuffleDependency<Object, Object, Object> combining = dependency(true, 4);
      ShuffleDependency<Object, Object, Object> plain = dependency(false, 4);
      ShuffleHandle combiningHandle = manager.registerShuffle(SHUFFLE_ID, combining);
      ShuffleHandle bypassHandle = manager.registerShuffle(SHUFFLE_ID + 1, plain);

      assertThat(SortShuffleCompat.isPlainSortHandle(combiningHandle)).isTrue();
      assertThat(SortShuffleCompat.<Object, Object, Object>dependency(combiningHandle)).isSameAs(combining);
      assertThat(SortShuffleCompat.isPlainSortHandle(bypassHandle)).isFalse();
      assertThat(SortShuffleCompat.<Object, Object, Object>dependency(bypassHandle)).isSameAs(plain);
    } finally {
      manager.unregisterShuffle(SHUFFLE_ID);
      manager.unregisterShuffle(SHUFFLE_ID + 1);
      manager.stop();
    }
  }

  @Test
  void dependency_handleOfAnotherKind_null() {
    ShuffleHandle foreign = new ShuffleHandle(7) {};

    assertThat(SortShuffleCompat.<Object, Object, Object>dependency(foreign)).isNull();
    assertThat(SortShuffleCompat.isPlainSortHandle(foreign)).isFalse();
  }

  @Test
  void shuffleServerId_isTheBlockManagersWithoutAnExternalService() {
    LocalSpark.context();

    assertThat(SortShuffleCompat.shuffleServerId()).isEqualTo(SparkEnv.get().blockManager().blockManagerId());
  }
}

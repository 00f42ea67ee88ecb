package io.spillway.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.compat.BlockLocations;
import io.spillway.shuffle.compat.FetchIteratorCompat;
import java.lang.reflect.Field;
import java.util.Properties;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.storage.ShuffleBlockFetcherIterator;
import org.junit.jupiter.api.Test;
import scala.Option;

/**
 * The 18 positional constructor arguments of Spark's fetcher include several of the same type: each
 * {@link FetchLimits} value must land in its own field. Reads the built iterator's private fields.
 */
class FetchIteratorCompatTest {

  @Test
  void create_distinctLimits_eachReachesItsOwnFetcherField() throws ReflectiveOperationException {
    LocalSpark.context();
    SparkEnv env = SparkEnv.get();
    FetchIteratorCompat compat = new FetchIteratorCompat(env.blockManager(), env.mapOutputTracker(),
        env.serializerManager());
    FetchLimits limits = FetchLimits.builder().maxBytesInFlight(11L << 20).maxRequestsInFlight(13)
        .maxBlocksInFlightPerAddress(17).fetchToDiskThresholdBytes(19L << 20).maxAttemptsOnNettyOom(3)
        .detectCorrupt(false).detectCorruptUseExtraMemory(true).checksumEnabled(false).checksumAlgorithm("CRC32C")
        .build();
    TaskContextImpl task = LocalSpark.taskContext(new Properties());
    try {
      ShuffleBlockFetcherIterator fetcher = compat.create(task,
          new BlockLocations(scala.collection.Iterator$.MODULE$.empty(), true), limits,
          task.taskMetrics().createTempShuffleReadMetrics(), true);

      assertThat(field(fetcher, "maxBytesInFlight")).isEqualTo(11L << 20);
      assertThat(field(fetcher, "maxReqsInFlight")).isEqualTo(13);
      assertThat(field(fetcher, "maxBlocksInFlightPerAddress")).isEqualTo(17);
      assertThat(fetcher.maxReqSizeShuffleToMem()).isEqualTo(19L << 20);
      assertThat(field(fetcher, "detectCorrupt")).isEqualTo(false);
      assertThat(field(fetcher, "detectCorruptUseExtraMemory")).isEqualTo(true);
      assertThat(field(fetcher, "checksumEnabled")).isEqualTo(false);
      assertThat(field(fetcher, "checksumAlgorithm")).isEqualTo("CRC32C");
      assertThat(field(fetcher, "doBatchFetch")).isEqualTo(true);
      assertThat(fetcher.hasNext()).isFalse();
    } finally {
      task.markTaskCompleted(Option.empty());
    }
  }

  private static Object field(Object target, String name) throws ReflectiveOperationException {
    Field f = target.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(target);
  }
}

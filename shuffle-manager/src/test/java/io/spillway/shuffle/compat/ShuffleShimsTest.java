package io.spillway.shuffle.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.compat.SparkVersion;
import io.spillway.shuffle.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.scheduler.MapStatus;
import org.apache.spark.storage.BlockManagerId;
import org.apache.spark.util.collection.ExternalSorter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Product2;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.math.Ordering$;

/**
 * The shims of the Spark line the tests run on (CI runs this class on 4.0.4, 4.1.3 and 4.2.0, so each
 * implementation is exercised on its own line): the choice, a sorter built through them that sorts and
 * consults its hook, a map status, and {@link SorterCalls} on such a sorter.
 */
class ShuffleShimsTest {

  private static final int RECORDS = 5_000;

  private TaskContextImpl task;

  @BeforeEach
  void startTask() {
    task = LocalSpark.startTask();
  }

  @AfterEach
  void endTask() {
    LocalSpark.endTask(task);
  }

  @Test
  void forVersion_40GetsTheSpark40ShimsLaterLinesTheSpark41Ones() {
    assertThat(ShuffleShims.forVersion(SparkVersion.parse("4.0.4"))).isInstanceOf(Spark40Shims.class);
    assertThat(ShuffleShims.forVersion(SparkVersion.parse("4.1.3"))).isInstanceOf(Spark41Shims.class);
    assertThat(ShuffleShims.forVersion(SparkVersion.parse("4.2.0"))).isInstanceOf(Spark41Shims.class);
  }

  @Test
  void get_matchesTheRunningSpark() {
    String expected = SparkVersion.running().atLeast(4, 1) ? "4.1+" : "4.0";
    assertThat(ShuffleShims.get().line()).isEqualTo(expected);
  }

  @Test
  void reduceSorter_sortsAndAsksTheHookPerRecord() {
    List<Long> seen = new ArrayList<>();
    SortSpillHook<Integer, String> counting = (collection, currentMemory, sorter) -> {
      seen.add(currentMemory);
      return sorter.sparkMaybeSpill(collection, currentMemory);
    };
    ExternalSorter<Integer, String, String> sorter = ShuffleShims.get().reduceSorter(task, Option.empty(), intOrdering(),
        SparkEnv.get().serializer(), counting);

    List<Integer> keys = sort(sorter);

    assertThat(keys).hasSize(RECORDS).isSorted();
    assertThat(seen).hasSize(RECORDS);
  }

  @Test
  void reduceSorter_hookSpillsThroughTheControls_outputUnchanged() {
    SortSpillHook<Integer, String> everyThousand = (collection, currentMemory, sorter) -> {
      sorter.addRecordRead();
      if (sorter.recordsRead() % 1000 == 0) {
        sorter.spillCollection(collection);
        sorter.releaseMemory();
        return true;
      }
      return false;
    };
    ExternalSorter<Integer, String, String> sorter = ShuffleShims.get().reduceSorter(task, Option.empty(), intOrdering(),
        SparkEnv.get().serializer(), everyThousand);

    List<Integer> keys = sort(sorter);

    assertThat(keys).hasSize(RECORDS).isSorted();
    assertThat(sorter.diskBytesSpilled()).isPositive();
    assertThat(((SorterControls<?, ?>) sorter).getUsed()).isZero();
  }

  @Test
  void mapStatus_carriesLocationMapIdAndSizes() {
    ExternalSorter<Integer, String, String> sorter = ShuffleShims.get().reduceSorter(task, Option.empty(), intOrdering(),
        SparkEnv.get().serializer(), SortSpillHook.spark());
    BlockManagerId location = SparkEnv.get().blockManager().shuffleServerId();

    MapStatus status = ShuffleShims.get().mapStatus(location, new long[] {100, 0, 2000}, 7L, sorter);

    assertThat(status.location()).isEqualTo(location);
    assertThat(status.mapId()).isEqualTo(7L);
    assertThat(status.getSizeForBlock(1)).isZero();
    assertThat(status.getSizeForBlock(2)).isPositive();
    sorter.stop();
  }

  @Test
  void sorterCalls_insertAllAndUpdateMetricsSortsAndStopReleasesTheMemory() {
    ExternalSorter<Integer, String, String> sorter = ShuffleShims.get().reduceSorter(task, Option.empty(), intOrdering(),
        SparkEnv.get().serializer(), SortSpillHook.spark());
    List<Product2<Integer, String>> in = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      in.add(new Tuple2<>((i * 7919) % RECORDS, "v" + i));
    }

    List<Integer> keys = new ArrayList<>();
    SorterCalls.insertAllAndUpdateMetrics(sorter, CollectionConverters.asScala(in.iterator()))
        .foreach(kv -> keys.add(kv._1()));

    assertThat(keys).hasSize(RECORDS).isSorted();
    assertThat(task.taskMetrics().peakExecutionMemory()).as("metrics updated when drained").isPositive();
    SorterCalls.stop(sorter);
    assertThat(((SorterControls<?, ?>) sorter).getUsed()).isZero();
  }

  @SuppressWarnings("unchecked")
  private static scala.math.Ordering<Integer> intOrdering() {
    return (scala.math.Ordering<Integer>) (Object) Ordering$.MODULE$.comparatorToOrdering(Integer::compare);
  }

  private static List<Integer> sort(ExternalSorter<Integer, String, String> sorter) {
    List<Product2<Integer, String>> in = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      in.add(new Tuple2<>((i * 7919) % RECORDS, "v" + i));
    }
    List<Integer> keys = new ArrayList<>();
    sorter.insertAllAndUpdateMetrics(CollectionConverters.asScala(in.iterator())).foreach(kv -> keys.add(kv._1()));
    return keys;
  }
}

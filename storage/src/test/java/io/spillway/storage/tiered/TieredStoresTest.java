package io.spillway.storage.tiered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spillway.runtime.pressure.PressureLevel;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.apache.spark.serializer.KryoSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/** A store opened for a task is closed, its files deleted, however the task ends. */
class TieredStoresTest {

  @TempDir
  Path dir;

  private final UnifiedMemoryManager mm = new UnifiedMemoryManager(new SparkConf(false), 1000, 0, 1);

  private TaskContextImpl task(long attempt) {
    return new TaskContextImpl(4, 0, 3, attempt, 0, 10, new TaskMemoryManager(mm, attempt), new Properties(),
        null, TaskMetrics.empty(), 1, scala.collection.immutable.Map$.MODULE$.empty());
  }

  /** Opens a store for {@code task} at CRITICAL (all off heap) and fills it over several chained maps. */
  private TieredStore<String> openFilled(TaskContextImpl task) {
    TieredStore<String> s = TieredStores.open(task, TieredStore.<String>builder()
            .config(TieredStoreConfig.withHeapMaxBytes(1 << 20).withFirstMapEntries(1))
            .serializer(new KryoSerializer(new SparkConf(false)).newInstance())
            .pressure(() -> PressureLevel.CRITICAL)
            .files(() -> dir.resolve("map-" + UUID.randomUUID()).toFile()))
        .orElseThrow();
    for (int k = 0; k < 500; k++) {
      s.put(("key" + k).getBytes(), "value" + k);
    }
    assertThat(s.offHeapFiles()).hasSizeGreaterThan(1).allMatch(File::exists);
    return s;
  }

  @Test
  void open_taskSucceeds_closesTheStoreAndDeletesItsFiles() {
    TaskContextImpl task = task(1);
    TieredStore<String> s = openFilled(task);
    List<File> files = s.offHeapFiles();

    long written = s.stats().offHeapBytesWritten();
    task.markTaskCompleted(Option.empty());

    assertThat(files).noneMatch(File::exists);
    assertThat(dir.toFile().listFiles()).isEmpty();
    assertThat(written).isGreaterThan(500 * "value0".length());
    assertThat(task.taskMetrics().diskBytesSpilled()).as("off-heap bytes count as spilled").isEqualTo(written);
    assertThatThrownBy(() -> s.getOrNull("key1".getBytes())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("task 1 (stage 4.0, partition 3) is closed");
  }

  @Test
  void open_taskFails_deletesItsFiles() {
    TaskContextImpl task = task(2);
    TieredStore<String> s = openFilled(task);
    List<File> files = s.offHeapFiles();
    RuntimeException error = new RuntimeException("user code failed");

    // what Task.run does when the task body throws
    task.markTaskFailed(error);
    task.markTaskCompleted(Option.apply(error));

    assertThat(files).noneMatch(File::exists);
    assertThat(dir.toFile().listFiles()).isEmpty();
  }

  @Test
  void open_taskKilled_deletesItsFiles() {
    TaskContextImpl task = task(3);
    TieredStore<String> s = openFilled(task);
    List<File> files = s.offHeapFiles();
    RuntimeException killed = new org.apache.spark.TaskKilledException("killed by the test");

    // what a kill does: the flag, then the body's exception runs the failure and completion listeners
    task.markInterrupted("killed by the test");
    task.markTaskFailed(killed);
    task.markTaskCompleted(Option.apply(killed));

    assertThat(files).noneMatch(File::exists);
    assertThat(dir.toFile().listFiles()).isEmpty();
  }

  @Test
  void open_storeClosedByItsOwnerBeforeTheTaskEnds_listenerCloseIsANoOp() {
    TaskContextImpl task = task(4);
    TieredStore<String> s = openFilled(task);
    s.close();

    task.markTaskCompleted(Option.empty());

    assertThat(dir.toFile().listFiles()).isEmpty();
  }

  @Test
  void isAvailable_withTheProjectsJvmOptions_isTrue() {
    assertThat(ChronicleAvailability.missingModuleSupport()).isEmpty();
    assertThat(ChronicleAvailability.unavailableReason()).isEmpty();
    assertThat(ChronicleAvailability.isAvailable()).isTrue();
  }
}

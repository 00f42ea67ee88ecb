package io.spillway.storage.tiered;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/** The production opener in a real {@code local[1]} SparkEnv: map files are temp-local blocks under spark.local.dir. */
class TieredStoresSparkEnvTest {

  @TempDir
  static Path localDir;

  private static SparkContext spark;

  @BeforeAll
  static void start() {
    spark = new SparkContext(new SparkConf()
        .setMaster("local[1]")
        .setAppName("spillway-tiered-store-test")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.local.dir", localDir.toString())
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void open_inSparkEnv_writesMapFilesUnderTheLocalDirAndDeletesThemAtTaskEnd() {
    SparkEnv env = SparkEnv.get();
    TaskContextImpl task = new TaskContextImpl(0, 0, 0, 77L, 0, 1, new TaskMemoryManager(env.memoryManager(), 77L),
        new Properties(), null, TaskMetrics.empty(), 1, scala.collection.immutable.Map$.MODULE$.empty());
    SerializerInstance kryo = env.serializer().newInstance();

    TieredStore<String> s = TieredStores.<String>open(task, kryo,
        TieredStoreConfig.withHeapMaxBytes(0).withFirstMapEntries(16)).orElseThrow(); // bound 0: all off heap
    for (int k = 0; k < 200; k++) {
      s.put(("key" + k).getBytes(), "value" + k);
    }
    List<File> files = s.offHeapFiles();

    assertThat(s.stats().offHeapEntries()).isEqualTo(200);
    assertThat(files).isNotEmpty().allSatisfy(f -> {
      assertThat(f).exists();
      assertThat(f.toPath().toAbsolutePath()).startsWith(localDir.toAbsolutePath());
      assertThat(f.getName()).startsWith("temp_local_");
    });
    assertThat(s.getOrNull("key7".getBytes())).isEqualTo("value7");

    task.markTaskCompleted(Option.empty());

    assertThat(files).noneMatch(File::exists);
  }
}

package io.spillway.storage.tiered;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.SparkConf;
import java.util.Properties;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.apache.spark.serializer.JavaSerializer;

/**
 * Run by {@link ChronicleFallbackTest} in a forked JVM started without Chronicle Map's options: opens a store
 * twice the way a task would and prints what came back, one {@code key=value} line each.
 */
public final class FallbackProbeMain {

  private FallbackProbeMain() {}

  private static TaskContextImpl task(long attempt) {
    UnifiedMemoryManager mm = new UnifiedMemoryManager(new SparkConf(false), 1000, 0, 1);
    return new TaskContextImpl(1, 0, 0, attempt, 0, 1, new TaskMemoryManager(mm, attempt), new Properties(),
        null, TaskMetrics.empty(), 1, scala.collection.immutable.Map$.MODULE$.empty());
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("spillway-fallback");
    for (int attempt = 1; attempt <= 2; attempt++) {
      Optional<TieredStore<String>> store = TieredStores.open(task(attempt), TieredStore.<String>builder()
          .config(TieredStoreConfig.withHeapMaxBytes(1 << 20))
          .serializer(new JavaSerializer(new SparkConf(false)).newInstance())
          .files(() -> dir.resolve("map").toFile()));
      System.out.println("open" + attempt + "=" + (store.isPresent() ? "store" : "empty"));
    }
    String[] left = dir.toFile().list();
    System.out.println("filesLeft=" + (left == null ? -1 : left.length));
    Files.delete(dir);
    System.out.println("done=true");
  }
}

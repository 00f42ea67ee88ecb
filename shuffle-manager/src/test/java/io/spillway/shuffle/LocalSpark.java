package io.spillway.shuffle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.ShuffleBlockId;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * One in-process {@code local[2]} SparkContext per test JVM, with {@link SpillwayShuffleManager} as its
 * shuffle manager: it gives the reader a real {@code SparkEnv} (ExternalSorter and ExternalAppendOnlyMap
 * need one) and lets a test build real {@code ShuffleDependency}s. Spark's shutdown hook stops it.
 */
public final class LocalSpark {

  private static JavaSparkContext context;

  private LocalSpark() {}

  public static synchronized JavaSparkContext context() {
    if (context == null) {
      SparkConf conf = new SparkConf()
          .setMaster("local[2]")
          .setAppName("spillway-shuffle-unit-tests")
          .set("spark.ui.enabled", "false")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.driver.bindAddress", "127.0.0.1")
          .set("spark.shuffle.manager", SpillwayShuffleManager.class.getName())
          // the plugin carries map tasks' hot-key sketches to the driver; its control loop would make
          // spill-sensitive tests depend on this JVM's heap, so it stays off here
          .set("spark.plugins", "io.spillway.runtime.SpillwayPlugin")
          .set("spark.spillway.control.enabled", "false");
      context = new JavaSparkContext(conf);
    }
    return context;
  }

  /** A task context with a real task memory manager, as an executor would create one. */
  /** A task context of the local context, set as the current thread's, as on an executor's task thread. */
  public static TaskContextImpl startTask() {
    TaskContextImpl task = taskContext(new Properties());
    org.apache.spark.TaskContext$.MODULE$.setTaskContext(task);
    return task;
  }

  /** Completes {@code task} (its listeners release memory and files) and clears the thread's context. */
  public static void endTask(TaskContextImpl task) {
    task.markTaskCompleted(scala.Option.empty());
    org.apache.spark.TaskContext$.MODULE$.unset();
  }

  /**
   * The stage of the hand-made tasks: none the shared context's jobs reach, so what such a task reports to
   * the driver plugin (e.g. tiered-store statistics) is never added to a real stage's.
   */
  public static final int TASK_STAGE_ID = 1_000_000;

  public static TaskContextImpl taskContext(Properties localProperties) {
    context();
    TaskMemoryManager tmm = new TaskMemoryManager(SparkEnv.get().memoryManager(), 0);
    return new TaskContextImpl(TASK_STAGE_ID, 0, 0, 42L, 0, 1, tmm, localProperties, null, TaskMetrics.empty(), 1,
        scala.collection.immutable.Map$.MODULE$.empty());
  }

  public static ClassTag<Object> anyTag() {
    return ClassTag$.MODULE$.apply(Object.class);
  }

  /** One map output block as Spark would hand it to the reader: a key/value stream. */
  static Tuple2<BlockId, InputStream> block(Serializer serializer, int shuffleId, int mapId, List<Map.Entry<?, ?>> records) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SerializationStream out = serializer.newInstance().serializeStream(bytes);
    for (Map.Entry<?, ?> r : records) {
      out.writeKey(r.getKey(), anyTag());
      out.writeValue(r.getValue(), anyTag());
    }
    out.close();
    return new Tuple2<>(new ShuffleBlockId(shuffleId, mapId, 0), new ByteArrayInputStream(bytes.toByteArray()));
  }

  /** Drains a Scala iterator of pairs into Java entries. */
  static <K, V> List<Map.Entry<K, V>> drain(scala.collection.Iterator<? extends scala.Product2<K, V>> it) {
    List<Map.Entry<K, V>> out = new ArrayList<>();
    while (it.hasNext()) {
      scala.Product2<K, V> p = it.next();
      out.add(Map.entry(p._1(), p._2()));
    }
    return out;
  }
}

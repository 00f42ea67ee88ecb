package io.spillway.shuffle.compat;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.shuffle.ShuffleDataIOUtils;
import org.apache.spark.shuffle.api.ShuffleExecutorComponents;
import scala.Tuple2;

/**
 * Loads the executor side of the configured shuffle I/O plugin ({@code spark.shuffle.sort.io.plugin.class},
 * by default Spark's local-disk one), exactly as {@code SortShuffleManager.loadShuffleExecutorComponents}
 * does, so a Spillway writer commits its map output through the same plugin as Spark's writers.
 *
 * <p>Checked against Spark 4.1.3. Tracks: {@code ShuffleDataIOUtils} (Spark 3.0, SPARK-28209 and
 * SPARK-28571, the shuffle storage plugin API), which is {@code private[spark]}; its
 * {@code SHUFFLE_SPARK_CONF_PREFIX} names the driver-set keys handed to {@code initializeExecutor}.
 */
public final class ShuffleIoCompat {

  private ShuffleIoCompat() {}

  /** The plugin's executor components, initialized for this executor (needs {@code SparkEnv}). */
  public static ShuffleExecutorComponents loadExecutorComponents(SparkConf conf) {
    ShuffleExecutorComponents components = ShuffleDataIOUtils.loadShuffleDataIO(conf).executor();
    Map<String, String> extraConfigs = new HashMap<>();
    for (Tuple2<String, String> kv : conf.getAllWithPrefix(ShuffleDataIOUtils.SHUFFLE_SPARK_CONF_PREFIX())) {
      extraConfigs.put(kv._1(), kv._2());
    }
    components.initializeExecutor(conf.getAppId(), SparkEnv.get().executorId(), extraConfigs);
    return components;
  }
}

package io.spillway.shuffle.compat;

import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.shuffle.BaseShuffleHandle;
import org.apache.spark.shuffle.IndexShuffleBlockResolver;
import org.apache.spark.shuffle.ShuffleHandle;
import org.apache.spark.shuffle.ShuffleManager;
import org.apache.spark.shuffle.sort.BypassMergeSortShuffleHandle;
import org.apache.spark.shuffle.sort.SerializedShuffleHandle;
import org.apache.spark.shuffle.sort.SortShuffleManager;
import org.apache.spark.storage.BlockManagerId;

/**
 * Spark's {@code SortShuffleManager}, which Spillway's shuffle manager wraps, and its handles. The manager is
 * made here and used everywhere else through the {@code ShuffleManager} interface (the extension point);
 * {@code SortShuffleManager}, {@code BaseShuffleHandle} and the serialized / bypass handles carry no API
 * marker. Constructor, handles, {@code shuffleBlockResolver} and {@code shuffleServerId} are the same on 4.0.4, 4.1.3 and 4.2.0.
 */
public final class SortShuffleCompat {

  private SortShuffleCompat() {}

  /**
   * This executor's shuffle server ({@code BlockManager.shuffleServerId}, {@code private[spark]}): where a map
   * status says the map output is served from (the external shuffle service when one is used).
   */
  public static BlockManagerId shuffleServerId() {
    return SparkEnv.get().blockManager().shuffleServerId();
  }

  /** Spark's sort-based shuffle manager for {@code conf}. */
  public static ShuffleManager newSortShuffleManager(SparkConf conf) {
    return new SortShuffleManager(conf);
  }

  /** The index/data-file resolver of a manager made by {@link #newSortShuffleManager}. */
  public static IndexShuffleBlockResolver blockResolver(ShuffleManager sortShuffleManager) {
    return ((SortShuffleManager) sortShuffleManager).shuffleBlockResolver();
  }

  /**
   * The dependency a handle of Spark's sort shuffle carries ({@code BaseShuffleHandle} and its subclasses), or
   * null for a handle of another kind.
   */
  @SuppressWarnings("unchecked")
  public static <K, V, C> ShuffleDependency<K, V, C> dependency(ShuffleHandle handle) {
    return handle instanceof BaseShuffleHandle<?, ?, ?> base ? (ShuffleDependency<K, V, C>) base.dependency() : null;
  }

  /**
   * Whether {@code handle} is Spark's plain sort handle (its map tasks use {@code SortShuffleWriter}), not the
   * serialized (unsafe) or bypass-merge one.
   */
  public static boolean isPlainSortHandle(ShuffleHandle handle) {
    return handle instanceof BaseShuffleHandle<?, ?, ?>
        && !(handle instanceof SerializedShuffleHandle<?, ?>)
        && !(handle instanceof BypassMergeSortShuffleHandle<?, ?>);
  }
}

package io.spillway.shuffle.compat;

import org.apache.spark.util.collection.ExternalAppendOnlyMap;
import org.apache.spark.util.collection.SizeTrackingAppendOnlyMap;

/**
 * The in-memory map of a Spark {@code ExternalAppendOnlyMap} ({@code currentMap}, {@code private[collection]}),
 * for a subclass that merges those pairs itself.
 *
 * <p>Checked against Spark 4.0.4, 4.1.3 and 4.2.0 (their jars' bytecode): {@code @volatile private[collection] var
 * currentMap: SizeTrackingAppendOnlyMap[K, C]}, compiled to a public accessor and setter on all three.
 */
public final class AppendOnlyMapCompat {

  private AppendOnlyMapCompat() {}

  /** The map's current in-memory map. */
  @SuppressWarnings("unchecked")
  public static <K, C> SizeTrackingAppendOnlyMap<K, C> currentMap(ExternalAppendOnlyMap<K, ?, C> map) {
    return map.currentMap();
  }

  /** Replaces the in-memory map by an empty one, so its pairs can be collected. */
  public static <K, C> void clearCurrentMap(ExternalAppendOnlyMap<K, ?, C> map) {
    map.currentMap_$eq(new SizeTrackingAppendOnlyMap<>());
  }
}

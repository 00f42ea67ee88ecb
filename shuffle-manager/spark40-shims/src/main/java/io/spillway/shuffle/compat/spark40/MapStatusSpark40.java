package io.spillway.shuffle.compat.spark40;

import org.apache.spark.scheduler.MapStatus;
import org.apache.spark.storage.BlockManagerId;

/**
 * Spark 4.0's three-argument {@code MapStatus.apply}; Spark 4.1 replaced it by a four-argument one (the
 * row-based checksum, SPARK-51756). Compiled against Spark 4.0; called only on a 4.0 runtime.
 */
public final class MapStatusSpark40 {

  private MapStatusSpark40() {}

  public static MapStatus of(BlockManagerId location, long[] partitionLengths, long mapId) {
    return MapStatus.apply(location, partitionLengths, mapId);
  }
}

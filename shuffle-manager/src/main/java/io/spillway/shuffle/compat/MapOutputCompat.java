package io.spillway.shuffle.compat;

import io.spillway.shuffle.ReadRange;
import org.apache.spark.MapOutputTracker;
import org.apache.spark.MapSizesByExecutorId;

/**
 * Asks the {@link MapOutputTracker} where a read's blocks are, as {@code SortShuffleManager.getReader} does.
 *
 * <p>Checked against Spark 4.1.3. Tracks: the map-index range arguments of
 * {@code getMapSizesByExecutorId} (Spark 3.0, AQE skew-join splits read a map range) and push-based
 * shuffle's {@code getPushBasedShuffleMapSizesByExecutorId} returning {@code MapSizesByExecutorId} with its
 * batch-fetch flag (Spark 3.2, SPARK-30602).
 */
public final class MapOutputCompat {

  private MapOutputCompat() {}

  /**
   * @param pushBasedMerged the dependency's {@code isShuffleMergeFinalizedMarked}: merged (push-based)
   *     blocks exist and may be read instead of the individual map outputs
   */
  public static BlockLocations locate(MapOutputTracker tracker, ReadRange range, boolean pushBasedMerged) {
    if (pushBasedMerged) {
      MapSizesByExecutorId res = tracker.getPushBasedShuffleMapSizesByExecutorId(range.shuffleId(),
          range.startMapIndex(), range.endMapIndex(), range.startPartition(), range.endPartition());
      return new BlockLocations(res.iter(), res.enableBatchFetch());
    }
    return new BlockLocations(tracker.getMapSizesByExecutorId(range.shuffleId(), range.startMapIndex(),
        range.endMapIndex(), range.startPartition(), range.endPartition()), true);
  }
}

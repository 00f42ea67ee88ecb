package io.spillway.shuffle.compat;

import org.apache.spark.scheduler.MapStatus;
import org.apache.spark.storage.BlockManagerId;

/**
 * Builds a map task's {@link MapStatus} as Spark's own writers do ({@code MapStatus.apply}).
 *
 * <p>Checked against Spark 4.1.3. Tracks: the fourth parameter {@code checksumVal} of
 * {@code MapStatus.apply}, added in Spark 4.1 together with the row-based shuffle checksums (SPARK-51756,
 * apache/spark#50230): the driver compares it across attempts of a map to detect nondeterministic output.
 * Before 4.1 the method took three arguments.
 */
public final class MapStatusCompat {

  private MapStatusCompat() {}

  /**
   * @param partitionLengths bytes written per reduce partition (Spark compresses them in the status)
   * @param checksumValue the aggregated row-based checksum of the map output, 0 when none is computed
   */
  public static MapStatus of(BlockManagerId location, long[] partitionLengths, long mapId, long checksumValue) {
    return MapStatus.apply(location, partitionLengths, mapId, checksumValue);
  }
}

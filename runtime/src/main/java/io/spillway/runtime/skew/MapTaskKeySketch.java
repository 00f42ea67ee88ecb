package io.spillway.runtime.skew;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What one map task sends the driver when it has written its shuffle output: how much it wrote and its
 * heaviest keys. The driver adds these up per shuffle ({@link ShuffleSkewCollector}).
 *
 * @param shuffleId the shuffle
 * @param mapIndex the map partition (attempts and speculative copies of one partition count once)
 * @param numMaps how many map partitions the shuffle's map stage has
 * @param numReducePartitions the shuffle's reduce partitions
 * @param keyKind {@link #RDD_KEYS} or {@link #SQL_COLUMNS}
 * @param records records the task wrote (exact)
 * @param bytes estimated serialized bytes the task wrote
 * @param untrackedBound records (scaled) that any key missing from {@code keys} may have had at most
 * @param keys the heaviest keys, heaviest first
 */
public record MapTaskKeySketch(int shuffleId, int mapIndex, int numMaps, int numReducePartitions, String keyKind,
    long records, long bytes, long untrackedBound, List<SketchedKey> keys) implements Serializable {

  /** Keys are the shuffle's keys (RDD shuffles). */
  public static final String RDD_KEYS = "key";
  /**
   * Keys are column values of Spark SQL's shuffled rows, each paired with its reduce partition: a SQL
   * exchange's shuffle key is the partition id, so a hot join or grouping key shows up as a column value
   * that carries most of one partition.
   */
  public static final String SQL_COLUMNS = "sql-column";

  public MapTaskKeySketch {
    Objects.requireNonNull(keyKind, "keyKind");
    keys = List.copyOf(keys);
  }
}

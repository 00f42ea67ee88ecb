package io.spillway.it.cases;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * How cases S6–S11 spread {@code records} global record indexes over input partitions, so that
 * executors generate their own records from {@code (partition, index)} and the driver only sends
 * partition ids. Partition {@code p} holds the contiguous indexes {@code [first(p), first(p) + count(p))};
 * the first {@code records % partitions} partitions hold one record more.
 */
public final class UtilSplit {

  private UtilSplit() {}

  /** How many records partition {@code p} generates. */
  public static long count(long records, int partitions, int p) {
    checkPartition(partitions, p);
    return records / partitions + (p < records % partitions ? 1 : 0);
  }

  /** The global index of partition {@code p}'s first record. */
  public static long first(long records, int partitions, int p) {
    checkPartition(partitions, p);
    return (records / partitions) * p + Math.min(p, records % partitions);
  }

  /**
   * An RDD of the ids {@code 0..partitions-1}, one per partition: the seed executors generate records
   * from, so that no data is built on the driver.
   */
  public static JavaRDD<Integer> partitionIds(JavaSparkContext jsc, int partitions) {
    List<Integer> ids = IntStream.range(0, partitions).boxed().collect(Collectors.toList());
    return jsc.parallelize(ids, partitions);
  }

  private static void checkPartition(int partitions, int p) {
    if (partitions <= 0 || p < 0 || p >= partitions) {
      throw new IllegalArgumentException("partition " + p + " out of [0, " + partitions + ")");
    }
  }
}

package io.spillway.shuffle.compat;

import org.apache.spark.Aggregator;
import org.apache.spark.TaskContext;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.shuffle.checksum.RowBasedChecksum;
import org.apache.spark.util.collection.ExternalSorter;
import scala.Option;
import scala.math.Ordering;

/**
 * Creates the reduce-side {@link ExternalSorter} (no partitioner: one output partition).
 *
 * <p>Checked against Spark 4.1.3. Tracks: the sixth constructor parameter {@code rowBasedChecksums}
 * added in Spark 4.1 by SPARK-51756 (apache/spark#50230, order-independent shuffle checksums); a reader
 * never computes row checksums, so it passes an empty array, as Spark's default argument does.
 */
public final class ExternalSorterCompat {

  public static final RowBasedChecksum[] NO_ROW_CHECKSUMS = new RowBasedChecksum[0];

  private ExternalSorterCompat() {}

  /**
   * @param aggregator combines values of equal keys while sorting, or {@code None}
   * @param ordering the key ordering of the shuffle dependency
   * @param serializer the dependency's serializer, used for spill files
   */
  public static <K, V, C> ExternalSorter<K, V, C> create(TaskContext context, Option<Aggregator<K, V, C>> aggregator,
      Ordering<K> ordering, Serializer serializer) {
    return new ExternalSorter<>(context, aggregator, Option.empty(), Option.apply(ordering), serializer,
        NO_ROW_CHECKSUMS);
  }
}

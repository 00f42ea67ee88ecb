package io.spillway.shuffle.compat;

import org.apache.spark.Partition;
import org.apache.spark.rdd.CoGroupPartition;
import org.apache.spark.rdd.CoGroupedRDD;
import org.apache.spark.rdd.NarrowCoGroupSplitDep;
import scala.Option;

/**
 * What Spillway's cogroup reads of {@code CoGroupedRDD}'s partitions: the parent partition of each narrow
 * (one-to-one) input. {@code CoGroupPartition} and {@code NarrowCoGroupSplitDep} are {@code private[spark]}.
 *
 * <p>Checked against Spark 4.0.4, 4.1.3 and 4.2.0: {@code CoGroupPartition(index, narrowDeps:
 * Array[Option[NarrowCoGroupSplitDep]])} and {@code NarrowCoGroupSplitDep.split} are the same on all three.
 */
public final class CoGroupCompat {

  private CoGroupCompat() {}

  /** Whether {@code rdd} and {@code split} are the cogroup classes this seam knows. */
  public static boolean recognises(Object rdd, Object split) {
    return rdd instanceof CoGroupedRDD<?> && split instanceof CoGroupPartition;
  }

  /** The partition of input {@code input}'s parent to read, or null when that input is shuffled. */
  public static Partition narrowParentSplit(Partition split, int input) {
    Option<NarrowCoGroupSplitDep> dep = ((CoGroupPartition) split).narrowDeps()[input];
    return dep.isDefined() ? dep.get().split() : null;
  }
}

package io.spillway.shuffle.compat;

import org.apache.spark.ShuffleDependency;
import org.apache.spark.TaskContext;
import org.apache.spark.shuffle.sort.SortShuffleManager;
import org.apache.spark.util.CompletionIterator$;
import scala.collection.Iterator;
import scala.runtime.BoxedUnit;

/**
 * What Spillway's shuffle reader asks of Spark internals, exactly as Spark's {@code BlockStoreShuffleReader}
 * does: whether the shuffle's push-based merge was finalized ({@code ShuffleDependency.isShuffleMergeFinalizedMarked},
 * {@code private[spark]}), whether AQE asked for batch fetch ({@code SortShuffleManager.canUseBatchFetch},
 * {@code private[spark]} object) and an iterator that runs an action once drained ({@code CompletionIterator},
 * {@code private[spark]}). Same on 4.0.4, 4.1.3 and 4.2.0.
 */
public final class ShuffleReadCompat {

  private ShuffleReadCompat() {}

  /** Whether the shuffle's merged (push-based) output is final, so merged blocks may be read. */
  public static boolean mergeFinalized(ShuffleDependency<?, ?, ?> dependency) {
    return dependency.isShuffleMergeFinalizedMarked();
  }

  /** Whether a read of reduce partitions [start, end) may fetch them as one batch (AQE's coalesced reads). */
  public static boolean canUseBatchFetch(int startPartition, int endPartition, TaskContext context) {
    return SortShuffleManager.canUseBatchFetch(startPartition, endPartition, context);
  }

  /** {@code records}, running {@code onCompletion} once when the last record has been read. */
  public static <T> Iterator<T> onCompletion(Iterator<T> records, Runnable onCompletion) {
    return CompletionIterator$.MODULE$.apply(records, () -> {
      onCompletion.run();
      return BoxedUnit.UNIT;
    });
  }
}

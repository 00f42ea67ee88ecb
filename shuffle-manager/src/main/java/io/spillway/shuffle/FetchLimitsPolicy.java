package io.spillway.shuffle;

import org.apache.spark.TaskContext;

/**
 * Chooses the {@link FetchLimits} of one shuffle read. Called on the task thread once per
 * {@code ShuffleReader.read()}, right before the block fetcher is built; it must be cheap and must not block.
 *
 * <p>{@link #SPARK_CONFIGURED} (the default) returns Spark's configured values unchanged, so a read behaves
 * exactly like stock Spark's. A heap-pressure-aware policy returns lower values (smaller
 * {@code maxBytesInFlight}, a lower fetch-to-disk threshold) for the task it is asked about.
 */
@FunctionalInterface
public interface FetchLimitsPolicy {

  /** Spark's own values, as {@code BlockStoreShuffleReader} would use them. */
  FetchLimitsPolicy SPARK_CONFIGURED = new FetchLimitsPolicy() {
    @Override
    public FetchLimits limitsFor(ReadRange range, TaskContext task, FetchLimits configured) {
      return configured;
    }

    @Override
    public String toString() {
      return "FetchLimitsPolicy.SPARK_CONFIGURED";
    }
  };

  /**
   * @param range what is being read
   * @param task the reading task (its memory manager, stage and attempt)
   * @param configured the values Spark's conf holds for this executor
   * @return the limits to build the fetcher with; never null
   */
  FetchLimits limitsFor(ReadRange range, TaskContext task, FetchLimits configured);
}

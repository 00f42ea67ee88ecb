package io.spillway.shuffle;

import org.apache.spark.TaskContext;
import org.apache.spark.shuffle.ShuffleHandle;
import org.apache.spark.shuffle.ShuffleWriter;

/**
 * Wraps the map-side writer Spark's {@code SortShuffleManager} chose, e.g. to observe records on their way
 * to disk (a hot-key sketch). The result must write exactly what {@code writer} would: Spark's resolver
 * and map-output format stay in charge of the files.
 *
 * <p>{@link #NONE} (the default) returns the writer unchanged.
 */
public interface ShuffleWriterDecorator {

  /** Leaves Spark's writer as it is. */
  ShuffleWriterDecorator NONE = new ShuffleWriterDecorator() {
    @Override
    public <K, V> ShuffleWriter<K, V> decorate(ShuffleHandle handle, long mapId, TaskContext context,
        ShuffleWriter<K, V> writer) {
      return writer;
    }

    @Override
    public String toString() {
      return "ShuffleWriterDecorator.NONE";
    }
  };

  /**
   * Called on the task thread by {@code getWriter}.
   *
   * @param handle the shuffle's handle (its dependency carries partitioner, serializer, aggregator)
   * @param mapId the map task's id
   * @param context the map task
   * @param writer the writer Spark chose (bypass-merge, unsafe or sort)
   * @return {@code writer} or a writer that delegates to it
   */
  <K, V> ShuffleWriter<K, V> decorate(ShuffleHandle handle, long mapId, TaskContext context, ShuffleWriter<K, V> writer);
}

package io.spillway.shuffle;

import io.spillway.runtime.compat.TaskMetricsCompat;
import io.spillway.runtime.control.TaskCheckpoint;
import org.apache.spark.TaskContext;
import org.apache.spark.shuffle.ShuffleReadMetricsReporter;
import scala.collection.Iterator;

/**
 * A task's shuffle records, each passed through the control loop's checkpoint and, on the read side, counted in
 * the read metrics as Spark's reader counts them. A class of its own rather than {@code records.map(f)}: Scala's mapped
 * iterator is one class for every {@code map} in the JVM, so its calls are megamorphic and never inlined, a
 * cost paid per record.
 */
final class CheckpointedRecords<R> extends scala.collection.AbstractIterator<R> {
  private final Iterator<R> input;
  private final ShuffleReadMetricsReporter metrics;
  private final TaskCheckpoint checkpoint;
  private final TaskContext context;

  /** @param metrics the read metrics to count records in; null for a writer's input */
  CheckpointedRecords(Iterator<R> input, TaskCheckpoint checkpoint, TaskContext context,
      ShuffleReadMetricsReporter metrics) {
    this.input = input;
    this.metrics = metrics;
    this.checkpoint = checkpoint;
    this.context = context;
  }

  @Override
  public boolean hasNext() {
    return input.hasNext();
  }

  @Override
  public R next() {
    R record = input.next();
    if (metrics != null) {
      TaskMetricsCompat.incRecordsRead(metrics, 1);
    }
    checkpoint.onRecord(context);
    return record;
  }
}

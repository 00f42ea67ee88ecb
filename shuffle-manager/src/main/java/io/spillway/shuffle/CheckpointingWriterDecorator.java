package io.spillway.shuffle;

import io.spillway.runtime.SpillwayRuntime;
import io.spillway.runtime.control.TaskCheckpoint;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;
import org.apache.spark.shuffle.ShuffleHandle;
import org.apache.spark.shuffle.ShuffleWriter;
import scala.Product2;
import scala.collection.Iterator;

/**
 * Passes every record a map task writes through the control loop's {@link TaskCheckpoint}, on the task
 * thread, before Spark's writer sees it: the point where a task already running when pressure rises gets
 * its execution balloon, so its map-side sorter ({@code ExternalSorter}, {@code ShuffleExternalSorter})
 * spills against a smaller budget. What is written is exactly what Spark's writer writes.
 */
final class CheckpointingWriterDecorator implements ShuffleWriterDecorator {

  private final Supplier<TaskCheckpoint> checkpoint;

  /** @param checkpoint read once per write; {@code SpillwayRuntime::taskCheckpoint} in production */
  CheckpointingWriterDecorator(Supplier<TaskCheckpoint> checkpoint) {
    this.checkpoint = checkpoint;
  }

  /** The production decorator, reading the hook the executor plugin installed. */
  static CheckpointingWriterDecorator fromRuntime() {
    return new CheckpointingWriterDecorator(SpillwayRuntime::taskCheckpoint);
  }

  @Override
  public <K, V> ShuffleWriter<K, V> decorate(ShuffleHandle handle, long mapId, TaskContext context,
      ShuffleWriter<K, V> writer) {
    return new CheckpointingWriter<>(writer, context, checkpoint);
  }

  @Override
  public String toString() {
    return "CheckpointingWriterDecorator";
  }

  /** Spark's writer, with the checkpoint on its input. */
  static final class CheckpointingWriter<K, V> extends DelegatingShuffleWriter<K, V> {
    private final TaskContext context;
    private final Supplier<TaskCheckpoint> checkpoint;

    CheckpointingWriter(ShuffleWriter<K, V> delegate, TaskContext context, Supplier<TaskCheckpoint> checkpoint) {
      super(delegate);
      this.context = context;
      this.checkpoint = checkpoint;
    }

    @Override
    public void write(Iterator<Product2<K, V>> records) throws java.io.IOException {
      TaskCheckpoint hook = checkpoint.get();
      delegate.write(hook == TaskCheckpoint.NONE ? records : new CheckpointedRecords<>(records, hook, context, null));
    }

    /** The writer Spark chose. */
    ShuffleWriter<K, V> delegate() {
      return delegate;
    }
  }
}

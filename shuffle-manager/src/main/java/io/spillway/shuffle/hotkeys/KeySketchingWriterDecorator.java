package io.spillway.shuffle.hotkeys;

import io.spillway.runtime.SpillwayRuntime;
import io.spillway.runtime.skew.MapTaskKeySketch;
import io.spillway.runtime.skew.SkewSettings;
import io.spillway.shuffle.DelegatingShuffleWriter;
import io.spillway.shuffle.ShuffleWriterDecorator;
import io.spillway.shuffle.compat.SortShuffleCompat;
import java.util.function.Predicate;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.TaskContext;
import org.apache.spark.scheduler.MapStatus;
import org.apache.spark.shuffle.ShuffleHandle;
import org.apache.spark.shuffle.ShuffleWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.Product2;
import scala.collection.Iterator;

/**
 * Gives every map task's writer a {@link MapKeySketcher} on its input and, once the task's output is
 * committed ({@code stop(true)} returned a map status), sends the sketch to the driver. A failed or
 * killed task sends nothing: its retry will. Spark's writer writes exactly what it would have.
 */
public final class KeySketchingWriterDecorator implements ShuffleWriterDecorator {

  private static final Logger LOG = LoggerFactory.getLogger(KeySketchingWriterDecorator.class);

  private final SkewSettings settings;
  private final Predicate<MapTaskKeySketch> toDriver;

  /**
   * @param settings sketch size and sampling
   * @param toDriver sends a finished sketch; false if it could not
   */
  public KeySketchingWriterDecorator(SkewSettings settings, Predicate<MapTaskKeySketch> toDriver) {
    this.settings = settings;
    this.toDriver = toDriver;
  }

  /** The production decorator: sketches go through the executor plugin's channel. */
  public static KeySketchingWriterDecorator toDriverPlugin(SkewSettings settings) {
    return new KeySketchingWriterDecorator(settings, SpillwayRuntime::sendToDriver);
  }

  @Override
  public <K, V> ShuffleWriter<K, V> decorate(ShuffleHandle handle, long mapId, TaskContext context,
      ShuffleWriter<K, V> writer) {
    ShuffleDependency<?, ?, ?> dep = SortShuffleCompat.dependency(handle);
    if (dep == null) {
      return writer;
    }
    MapKeySketcher sketcher = new MapKeySketcher(handle.shuffleId(), context.partitionId(), context.numPartitions(),
        dep.partitioner(), dep.serializer(), settings);
    return new SketchingWriter<>(writer, sketcher, toDriver);
  }

  @Override
  public String toString() {
    return "KeySketchingWriterDecorator";
  }

  /** Spark's writer with the sketcher on its input. */
  static final class SketchingWriter<K, V> extends DelegatingShuffleWriter<K, V> {
    private final MapKeySketcher sketcher;
    private final Predicate<MapTaskKeySketch> toDriver;

    SketchingWriter(ShuffleWriter<K, V> delegate, MapKeySketcher sketcher, Predicate<MapTaskKeySketch> toDriver) {
      super(delegate);
      this.sketcher = sketcher;
      this.toDriver = toDriver;
    }

    @Override
    public void write(Iterator<Product2<K, V>> records) throws java.io.IOException {
      delegate.write(sketcher.wrap(records));
    }

    @Override
    public Option<MapStatus> stop(boolean success) {
      Option<MapStatus> status = delegate.stop(success);
      if (success && status.isDefined()) {
        try {
          MapTaskKeySketch sketch = sketcher.finish();
          if (!toDriver.test(sketch)) {
            LOG.debug("Hot-key sketch of shuffle {} map {} not sent (no Spillway plugin?)", sketch.shuffleId(),
                sketch.mapIndex());
          }
        } catch (RuntimeException e) {
          LOG.warn("Could not build the hot-key sketch of this map task; its shuffle's report will miss it", e);
        }
      } else {
        sketcher.closeSizeStream();
      }
      return status;
    }
  }
}

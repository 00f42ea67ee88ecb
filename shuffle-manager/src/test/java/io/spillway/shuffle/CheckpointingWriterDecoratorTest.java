package io.spillway.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.control.TaskCheckpoint;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.TaskContext$;
import org.apache.spark.scheduler.MapStatus;
import org.apache.spark.shuffle.ShuffleWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Product2;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

class CheckpointingWriterDecoratorTest {

  private final TaskContextImpl task = LocalSpark.taskContext(new java.util.Properties());

  @AfterEach
  void completeTask() {
    task.markTaskCompleted(Option.empty());
    TaskContext$.MODULE$.unset();
  }

  /** Records what it is asked to write, as Spark's writer would consume them. */
  private static class RecordingWriter extends ShuffleWriter<Integer, String> {
    final List<Product2<Integer, String>> written = new ArrayList<>();
    boolean stopped;

    @Override
    public void write(Iterator<Product2<Integer, String>> records) {
      records.foreach(written::add);
    }

    @Override
    public Option<MapStatus> stop(boolean success) {
      stopped = success;
      return Option.empty();
    }

    @Override
    public long[] getPartitionLengths() {
      return new long[] {7L};
    }
  }

  private static Iterator<Product2<Integer, String>> records() {
    List<Product2<Integer, String>> list = List.of(new Tuple2<>(1, "a"), new Tuple2<>(2, "b"), new Tuple2<>(1, "c"));
    return CollectionConverters.asScala(list.iterator());
  }

  @Test
  void write_everyRecordPassesTheCheckpointAndReachesSparksWriterUnchanged() throws Exception {
    List<Long> seen = new ArrayList<>();
    RecordingWriter spark = new RecordingWriter();
    ShuffleWriter<Integer, String> w = new CheckpointingWriterDecorator(() -> t -> seen.add(t.taskAttemptId()))
        .decorate(null, 0L, task, spark);

    w.write(records());
    w.stop(true);

    assertThat(seen).containsExactly(42L, 42L, 42L);
    assertThat(spark.written).containsExactly(new Tuple2<>(1, "a"), new Tuple2<>(2, "b"), new Tuple2<>(1, "c"));
    assertThat(spark.stopped).isTrue();
    assertThat(w.getPartitionLengths()).containsExactly(7L);
  }

  @Test
  void write_noHookInstalled_handsSparkTheSameIterator() throws Exception {
    Iterator<Product2<Integer, String>> input = records();
    List<Iterator<Product2<Integer, String>>> handed = new ArrayList<>();
    ShuffleWriter<Integer, String> spark = new RecordingWriter() {
      @Override
      public void write(Iterator<Product2<Integer, String>> records) {
        handed.add(records);
      }
    };

    new CheckpointingWriterDecorator(() -> TaskCheckpoint.NONE).decorate(null, 0L, task, spark).write(input);

    assertThat(handed).containsExactly(input);
  }
}

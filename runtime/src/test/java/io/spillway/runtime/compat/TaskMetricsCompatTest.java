package io.spillway.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.executor.ShuffleWriteMetrics;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.apache.spark.shuffle.ShuffleReadMetricsReporter;
import org.junit.jupiter.api.Test;

/** Each metrics call lands in the task's {@code TaskMetrics} where Spark's UI and event log read it. */
class TaskMetricsCompatTest {

  private final TaskContextImpl task = new TaskContextImpl(1, 0, 0, 7L, 0, 1,
      new TaskMemoryManager(new UnifiedMemoryManager(new SparkConf(false), 1000, 0, 1), 7L), new Properties(), null,
      TaskMetrics.empty(), 1, scala.collection.immutable.Map$.MODULE$.empty());

  @Test
  void incSpillAndPeak_addToTheTasksMetrics() {
    TaskMetricsCompat.incMemoryBytesSpilled(task, 100);
    TaskMetricsCompat.incMemoryBytesSpilled(task, 20);
    TaskMetricsCompat.incDiskBytesSpilled(task, 30);
    TaskMetricsCompat.incPeakExecutionMemory(task, 500);

    assertThat(task.taskMetrics().memoryBytesSpilled()).isEqualTo(120);
    assertThat(task.taskMetrics().diskBytesSpilled()).isEqualTo(30);
    assertThat(task.taskMetrics().peakExecutionMemory()).isEqualTo(500);
  }

  @Test
  void tempShuffleReadMetrics_countedRecordsReachTheTaskOnlyWhenMerged() {
    ShuffleReadMetricsReporter temp = TaskMetricsCompat.newTempShuffleReadMetrics(task);
    TaskMetricsCompat.incRecordsRead(temp, 3);
    assertThat(task.taskMetrics().shuffleReadMetrics().recordsRead()).isZero();

    TaskMetricsCompat.mergeShuffleReadMetrics(task);

    assertThat(task.taskMetrics().shuffleReadMetrics().recordsRead()).isEqualTo(3);
  }

  @Test
  void incWriteTime_addsToTheWriteMetrics() {
    ShuffleWriteMetrics write = task.taskMetrics().shuffleWriteMetrics();

    TaskMetricsCompat.incWriteTime(write, 1_000);

    assertThat(write.writeTime()).isEqualTo(1_000);
  }
}

package io.spillway.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.junit.jupiter.api.Test;

class TaskContextCompatTest {

  private final TaskMemoryManager tmm = new TaskMemoryManager(new UnifiedMemoryManager(new SparkConf(false), 1000, 0, 1), 7L);
  private final TaskContextImpl task = new TaskContextImpl(1, 0, 0, 7L, 0, 1, tmm, new Properties(), null,
      TaskMetrics.empty(), 1, scala.collection.immutable.Map$.MODULE$.empty());

  @Test
  void taskMemoryManager_isTheTasksOwn() {
    assertThat(TaskContextCompat.taskMemoryManager(task)).isSameAs(tmm);
  }

  @Test
  void markInterrupted_taskSeesItAndItsReason() {
    assertThat(task.isInterrupted()).isFalse();

    TaskContextCompat.markInterrupted(task, "heap pressure");

    assertThat(task.isInterrupted()).isTrue();
    assertThat(task.getKillReason().get()).isEqualTo("heap pressure");
  }
}

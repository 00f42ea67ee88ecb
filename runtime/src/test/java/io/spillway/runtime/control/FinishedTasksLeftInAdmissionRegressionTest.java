package io.spillway.runtime.control;

import static io.spillway.runtime.pressure.PressureLevel.CRITICAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.spillway.runtime.pressure.ManualClock;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskContext$;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: admission never forgot a finished task. The executor plugin passed {@code TaskContext.get()}
 * to the end hooks, but Spark runs {@code onTaskSucceeded}/{@code onTaskFailed} after {@code Task.run} has
 * unset the context, so every task stayed in the gate's running tasks; under lasting CRITICAL pressure the
 * eviction check then counted finished tasks as running and interrupted the only task really running. The
 * tests drive the controller in Spark's order: set the context, start hook, unset it, end hook.
 */
class FinishedTasksLeftInAdmissionRegressionTest {

  private final ManualClock clock = new ManualClock();
  private final List<Runnable> scheduled = new ArrayList<>();
  private final List<ActionStep> reported = new ArrayList<>();
  private final AdmissionGate gate = new AdmissionGate(0L, clock,
      new AdmissionGate.Eviction(5_000L, 1, (check, delay) -> scheduled.add(check),
          (action, level, step) -> reported.add(step)));
  private final PressureController controller = PressureController.withExecutor(List.of(gate),
      (name, level, step) -> { }, new MetricRegistry(), Runnable::run);
  private final UnifiedMemoryManager mm = new UnifiedMemoryManager(new SparkConf(false), 1000, 0, 1);

  @AfterEach
  void close() {
    TaskContext$.MODULE$.unset();
    controller.close();
  }

  private TaskContextImpl task(long attempt, int partition) {
    return new TaskContextImpl(3, 0, partition, attempt, 0, 10, new TaskMemoryManager(mm, attempt), new Properties(),
        null, TaskMetrics.empty(), 1, scala.collection.immutable.Map$.MODULE$.empty());
  }

  /** {@code Task.run}'s start: the context is set, then the plugins' onTaskStart runs. */
  private void startLikeSpark(TaskContextImpl task) {
    TaskContext$.MODULE$.setTaskContext(task);
    controller.onTaskStart(TaskContext.get());
  }

  /** {@code Task.run}'s finally unsets the context; then the executor calls onTaskSucceeded/onTaskFailed. */
  private void endLikeSpark() {
    TaskContext$.MODULE$.unset();
    controller.onTaskEnd();
  }

  private void tick() {
    List<Runnable> due = new ArrayList<>(scheduled);
    scheduled.clear();
    due.forEach(Runnable::run);
  }

  private static void onThread(Runnable r) throws InterruptedException {
    Thread t = new Thread(r, "test-task-thread");
    t.start();
    t.join();
  }

  @Test
  void onTaskEnd_afterSparkUnsetTheContext_finishedTasksAreNotCountedAsRunning() {
    startLikeSpark(task(1, 0));
    endLikeSpark();
    startLikeSpark(task(2, 1));
    endLikeSpark();
    TaskContextImpl onlyRunning = task(3, 2);
    startLikeSpark(onlyRunning);

    gate.onLevel(CRITICAL, PressureSnapshot.IDLE);
    tick();

    assertThat(gate.running()).isEqualTo(1);
    assertThat(onlyRunning.isInterrupted()).as("the only running task is never interrupted").isFalse();
    assertThat(reported).isEmpty();
  }

  /** Starts {@code first} on the test thread and {@code second} on another one, which then ends. */
  private void startOnTwoThreads(TaskContextImpl first, TaskContextImpl second) throws InterruptedException {
    startLikeSpark(first);
    onThread(() -> startLikeSpark(second));
  }

  @Test
  void onTaskEnd_tasksOnTwoThreads_endsTheTaskOfTheCallingThread() throws InterruptedException {
    TaskContextImpl second = task(2, 1);
    startOnTwoThreads(task(1, 0), second);

    endLikeSpark(); // the test thread ran the first
    gate.onLevel(CRITICAL, PressureSnapshot.IDLE);
    tick();

    assertThat(gate.running()).isEqualTo(1);
    assertThat(second.isInterrupted()).as("alone now: not interrupted").isFalse();
  }

  @Test
  void check_twoTasksStillRunning_interruptsTheYoungest() throws InterruptedException {
    TaskContextImpl older = task(1, 0);
    TaskContextImpl younger = task(2, 1);
    startOnTwoThreads(older, younger);

    gate.onLevel(CRITICAL, PressureSnapshot.IDLE);
    tick();

    assertThat(younger.isInterrupted()).isTrue();
    assertThat(older.isInterrupted()).isFalse();
  }

  @Test
  void onTaskEnd_noStartOnThisThread_countsNothingDown() throws InterruptedException {
    startLikeSpark(task(1, 0));

    onThread(this::endLikeSpark); // a task that failed before Spark ran the start hooks

    assertThat(gate.running()).isEqualTo(1);
  }

  @Test
  void onTaskStart_previousTaskOfThisThreadNeverEnded_isEndedFirst() {
    startLikeSpark(task(1, 0));
    TaskContext$.MODULE$.unset();
    startLikeSpark(task(2, 1));

    assertThat(gate.running()).isEqualTo(1);
  }
}

package io.spillway.runtime.control;

import static io.spillway.runtime.pressure.PressureLevel.CRITICAL;
import static io.spillway.runtime.pressure.PressureLevel.HIGH;
import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.pressure.ManualClock;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.junit.jupiter.api.Test;

/**
 * Interrupting the youngest task under lasting CRITICAL pressure, with a ticker the test fires by hand
 * and a wait of 0 so starting tasks are never held.
 */
class AdmissionGateEvictionTest {

  private static final long AFTER_MILLIS = 5_000L;

  private final ManualClock clock = new ManualClock();
  private final List<Runnable> scheduled = new ArrayList<>();
  private final List<ActionStep> reported = new ArrayList<>();
  private final AdmissionGate gate = new AdmissionGate(0L, clock,
      new AdmissionGate.Eviction(AFTER_MILLIS, 1, (check, delay) -> scheduled.add(check),
          (action, level, step) -> reported.add(step)));
  private final UnifiedMemoryManager mm = new UnifiedMemoryManager(new SparkConf(false), 1000, 0, 1);

  private TaskContextImpl task(long attempt, int partition) {
    return new TaskContextImpl(3, 0, partition, attempt, 0, 10, new TaskMemoryManager(mm, attempt), new Properties(),
        null, TaskMetrics.empty(), 1, scala.collection.immutable.Map$.MODULE$.empty());
  }

  /** Fires the checks scheduled so far (each schedules its successor). */
  private void tick() {
    List<Runnable> due = new ArrayList<>(scheduled);
    scheduled.clear();
    due.forEach(Runnable::run);
  }

  @Test
  void check_criticalLastsWithTwoTasks_interruptsTheYoungestOnly() {
    TaskContextImpl older = task(1, 0);
    TaskContextImpl younger = task(2, 1);
    gate.onTaskStart(older);
    gate.onTaskStart(younger);

    gate.onLevel(CRITICAL, PressureSnapshot.IDLE);
    tick();

    assertThat(younger.isInterrupted()).isTrue();
    assertThat(younger.getKillReason().get()).contains("heap pressure CRITICAL");
    assertThat(older.isInterrupted()).isFalse();
    assertThat(reported).singleElement().satisfies(s -> {
      assertThat(s.engaged()).isTrue();
      assertThat(s.detail()).contains("interrupted task 2 (stage 3.0, partition 1), the youngest of 2 running");
    });
    assertThat(scheduled).as("checks go on while CRITICAL lasts").hasSize(1);
    assertThat(gate.interruptions()).isEqualTo(1);
  }

  @Test
  void check_onlyOneTaskRunning_neverInterruptsIt() {
    TaskContextImpl only = task(1, 0);
    gate.onTaskStart(only);
    gate.onLevel(CRITICAL, PressureSnapshot.IDLE);

    tick();
    tick();

    assertThat(only.isInterrupted()).isFalse();
    assertThat(reported).isEmpty();
    assertThat(gate.interruptions()).isZero();
  }

  @Test
  void check_samePartitionRetried_isNotInterruptedTwice() {
    TaskContextImpl older = task(1, 0);
    gate.onTaskStart(older);
    gate.onTaskStart(task(2, 1));
    gate.onLevel(CRITICAL, PressureSnapshot.IDLE);
    tick(); // interrupts attempt 2 of partition 1
    gate.onTaskEnd(task(2, 1));
    TaskContextImpl retry = task(3, 1);
    gate.onTaskStart(retry);

    tick();

    assertThat(retry.isInterrupted()).isFalse();
    assertThat(older.isInterrupted()).as("the next youngest eligible goes instead").isTrue();
  }

  @Test
  void check_pressureFellBeforeIt_doesNothing() {
    gate.onTaskStart(task(1, 0));
    TaskContextImpl younger = task(2, 1);
    gate.onTaskStart(younger);
    gate.onLevel(CRITICAL, PressureSnapshot.IDLE);
    gate.onLevel(HIGH, PressureSnapshot.IDLE);
    gate.onLevel(CRITICAL, PressureSnapshot.IDLE); // a new episode: its own check

    List<Runnable> both = new ArrayList<>(scheduled);
    scheduled.clear();
    both.get(0).run(); // the first episode's check: stale

    assertThat(younger.isInterrupted()).isFalse();
    both.get(1).run();
    assertThat(younger.isInterrupted()).isTrue();
  }
}

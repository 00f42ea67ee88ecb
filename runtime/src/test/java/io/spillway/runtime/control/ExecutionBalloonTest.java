package io.spillway.runtime.control;

import static io.spillway.runtime.pressure.PressureLevel.CRITICAL;
import static io.spillway.runtime.pressure.PressureLevel.ELEVATED;
import static io.spillway.runtime.pressure.PressureLevel.HIGH;
import static io.spillway.runtime.pressure.PressureLevel.NORMAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.Optional;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.junit.jupiter.api.Test;

/**
 * The balloon against Spark's real {@link TaskMemoryManager} and {@link UnifiedMemoryManager}: 1000 bytes,
 * no storage region (so execution can use all of it), one task slot, no floor unless a test sets one, and the
 * production release rule (a running task keeps its balloon until it ends) unless a test names the other.
 */
class ExecutionBalloonTest {

  private static final long TASK = 1L;
  private static final long UNIFIED_BYTES = 1000;

  private final UnifiedMemoryManager mm = new UnifiedMemoryManager(new SparkConf(false), UNIFIED_BYTES, 0, 1);
  private final TaskMemoryManager tmm = new TaskMemoryManager(mm, TASK);
  private final long[] nowNanos = {0L};
  private final ExecutionBalloon balloon = new ExecutionBalloon(() -> UNIFIED_BYTES, ExecutionBalloon.NO_HEAP_VIEW,
      new ExecutionBalloon.Policy(1, 0, true), () -> nowNanos[0]);
  /** The other release rule ({@code keepUntilTaskEnd=false}): every balloon goes when the level falls below HIGH. */
  private final ExecutionBalloon releasing = new ExecutionBalloon(() -> UNIFIED_BYTES, ExecutionBalloon.NO_HEAP_VIEW,
      new ExecutionBalloon.Policy(1, 0, false), () -> nowNanos[0]);
  private final SpillableTestConsumer sorter = new SpillableTestConsumer(tmm);

  private Optional<ActionStep> at(io.spillway.runtime.pressure.PressureLevel level) {
    return balloon.onLevel(level, PressureSnapshot.IDLE);
  }

  @Test
  void balloonBytes_ratioOfTaskShareAtHighAndCritical_zeroBelow() {
    long mib = 1L << 20;
    assertThat(ExecutionBalloon.balloonBytes(HIGH, 1000 * mib, 2, 0)).isEqualTo(125 * mib);
    assertThat(ExecutionBalloon.balloonBytes(CRITICAL, 1000 * mib, 2, 0)).isEqualTo(250 * mib);
    assertThat(ExecutionBalloon.balloonBytes(ELEVATED, 1000 * mib, 2, 0)).isZero();
    assertThat(ExecutionBalloon.balloonBytes(NORMAL, 1000 * mib, 2, 0)).isZero();
  }

  @Test
  void balloonBytes_neverLeavesTheTaskLessThanTheFloor() {
    long mib = 1L << 20;
    assertThat(ExecutionBalloon.balloonBytes(CRITICAL, 1000 * mib, 2, 400 * mib)).isEqualTo(100 * mib);
    assertThat(ExecutionBalloon.balloonBytes(CRITICAL, 1000 * mib, 2, 600 * mib)).isZero();
    assertThat(ExecutionBalloon.balloonBytes(HIGH, 0, 2, 16 * mib)).isZero();
  }

  @Test
  void startBalloon_atHigh_taskConsumerSpillsWhereItOtherwiseWouldNot() {
    at(HIGH);
    assertThat(balloon.startBalloon(TASK, tmm)).isEqualTo(250);

    sorter.grab(500);
    long got = sorter.grab(400); // 250 free: the balloon refuses to yield, so the sorter spills itself

    assertThat(got).isEqualTo(400);
    assertThat(sorter.spills).isEqualTo(1);
    assertThat(sorter.getUsed()).isEqualTo(400);
    assertThat(balloon.state()).isEqualTo(250);
    assertThat(tmm.getMemoryConsumptionForThisTask()).isEqualTo(650);
  }

  @Test
  void withoutPressure_noBalloonAndNoSpill() {
    at(ELEVATED);
    assertThat(balloon.startBalloon(TASK, tmm)).isZero();

    sorter.grab(500);
    sorter.grab(400);

    assertThat(sorter.spills).isZero();
    assertThat(balloon.state()).isZero();
  }

  @Test
  void startBalloon_sameTaskHasForceableConsumer_taskMemoryManagerSpillsIt() {
    sorter.forceable = true; // like a sorter whose iterator exists
    sorter.grab(900);
    at(CRITICAL);

    long granted = balloon.startBalloon(TASK, tmm);

    assertThat(granted).isEqualTo(500);
    assertThat(sorter.spills).isEqualTo(1);
    assertThat(sorter.getUsed()).isZero();
  }

  @Test
  void onLevel_releasingPolicy_pressureFalls_releasesEveryBalloonAndReportsIt() {
    Optional<ActionStep> engaged = releasing.onLevel(HIGH, PressureSnapshot.IDLE);
    releasing.startBalloon(TASK, tmm);

    Optional<ActionStep> undone = releasing.onLevel(NORMAL, PressureSnapshot.IDLE);

    assertThat(engaged).contains(ActionStep.engaged("each task reserves (at start or at its next shuffle record) 250 bytes of execution memory"));
    assertThat(undone).contains(ActionStep.undone("released 250 bytes from 1 task balloons"));
    assertThat(releasing.state()).isZero();
    assertThat(tmm.getMemoryConsumptionForThisTask()).isZero();
  }

  @Test
  void onLevel_releasingPolicy_pressureFell_requesterGetsTheBalloonsMemoryWithoutSpilling() {
    releasing.onLevel(HIGH, PressureSnapshot.IDLE);
    releasing.startBalloon(TASK, tmm);
    sorter.grab(750);
    releasing.onLevel(ELEVATED, PressureSnapshot.IDLE);
    assertThat(sorter.grab(250)).isEqualTo(250);
    assertThat(sorter.spills).isZero();
    assertThat(tmm.getMemoryConsumptionForThisTask()).isEqualTo(1000);
  }

  @Test
  void balloonSpill_ownTriggerOrPressureLasting_freesNothing_elseEverything() {
    boolean[] pressure = {true};
    BalloonConsumer b = new BalloonConsumer(tmm, () -> pressure[0]);
    b.inflate(300);

    assertThat(b.spill(100, sorter)).isZero();
    assertThat(b.spill(100, b)).isZero();
    pressure[0] = false;
    assertThat(b.spill(100, b)).isZero();
    assertThat(b.spill(100, sorter)).isEqualTo(300);
    assertThat(b.release()).isZero();
    assertThat(tmm.getMemoryConsumptionForThisTask()).isZero();
  }

  @Test
  void taskCompleted_releasesOnceAndForgetsTheBalloon() {
    at(CRITICAL);
    balloon.startBalloon(TASK, tmm);
    assertThat(balloon.state()).isEqualTo(500);

    balloon.taskCompleted(TASK);
    balloon.taskCompleted(TASK);

    assertThat(balloon.state()).isZero();
    assertThat(tmm.getMemoryConsumptionForThisTask()).isZero();
    assertThat(tmm.cleanUpAllAllocatedMemory()).as("nothing leaked for Spark to reclaim").isZero();
  }

  private TaskContextImpl runningTask() {
    return new TaskContextImpl(1, 0, 0, TASK, 0, 1, tmm, new Properties(), null, TaskMetrics.empty(), 1,
        scala.collection.immutable.Map$.MODULE$.empty());
  }

  @Test
  void onRecord_pressureRisesWhileAMapIsFilling_forcesItsSpillAndHoldsTheMemory() {
    TaskContextImpl task = runningTask();
    sorter.forceable = true; // like an ExternalAppendOnlyMap: forceSpill works while inserting
    sorter.grab(1000); // the whole pool, acquired at NORMAL
    balloon.onRecord(task);
    assertThat(balloon.state()).as("NORMAL: nothing").isZero();

    at(CRITICAL);
    balloon.onRecord(task);

    assertThat(sorter.spills).isEqualTo(1);
    assertThat(balloon.state()).isEqualTo(500);
    assertThat(sorter.grab(1000)).as("the map now grows against what the balloon leaves").isEqualTo(500);
  }

  @Test
  void onRecord_shortBalloon_isToppedUpAtMostOncePerInterval() {
    TaskContextImpl task = runningTask();
    at(HIGH);
    sorter.grab(900); // not forceable (a sorter still inserting): only the free 100 can be taken
    balloon.onRecord(task);
    assertThat(balloon.state()).isEqualTo(100);

    sorter.freeAll(); // the sorter spilled itself
    nowNanos[0] += ExecutionBalloon.TOP_UP_INTERVAL_NANOS - 1;
    balloon.onRecord(task);
    assertThat(balloon.state()).as("too soon").isEqualTo(100);

    nowNanos[0] += 1;
    balloon.onRecord(task);
    assertThat(balloon.state()).isEqualTo(250);
  }

  @Test
  void onRecord_climbToCritical_growsTheBalloonAndTaskEndReleasesIt() {
    TaskContextImpl task = runningTask();
    at(HIGH);
    balloon.onRecord(task);
    assertThat(balloon.state()).isEqualTo(250);

    at(CRITICAL);
    nowNanos[0] += ExecutionBalloon.TOP_UP_INTERVAL_NANOS;
    balloon.onRecord(task);
    assertThat(balloon.state()).isEqualTo(500);

    task.markTaskCompleted(scala.Option.empty());
    assertThat(balloon.state()).isZero();
    assertThat(tmm.cleanUpAllAllocatedMemory()).as("nothing leaked for Spark to reclaim").isZero();
  }

  @Test
  void balloonBytes_heapSparkDoesNotSee_sizesTheBalloonBeyondTheLevelRatio() {
    long mib = 1L << 20;
    // 300 MiB of live heap Spark does not account for, over 2 slots: 150 MiB each beats 1/4 of a 500 MiB share
    assertThat(ExecutionBalloon.balloonBytes(HIGH, 1000 * mib, 300 * mib, 2, 16 * mib)).isEqualTo(150 * mib);
    assertThat(ExecutionBalloon.balloonBytes(HIGH, 1000 * mib, 2000 * mib, 2, 16 * mib)).isEqualTo(484 * mib);
    assertThat(ExecutionBalloon.balloonBytes(HIGH, 1000 * mib, -5 * mib, 2, 16 * mib)).isEqualTo(125 * mib);
    assertThat(ExecutionBalloon.balloonBytes(ELEVATED, 1000 * mib, 300 * mib, 2, 16 * mib)).isZero();
  }

  @Test
  void keepUntilTaskEnd_pressureFalls_runningTaskKeepsItsBalloonNewTasksGetNone() {
    long[] oldGen = {900};
    UnmanagedHeapReporter.HeapView heap = new UnmanagedHeapReporter.HeapView() {
      @Override
      public long oldGenUsedAfterGcBytes() {
        return oldGen[0];
      }

      @Override
      public long sparkOnHeapUsedBytes() {
        return tmm.getMemoryConsumptionForThisTask();
      }
    };
    ExecutionBalloon keeping = new ExecutionBalloon(() -> UNIFIED_BYTES, heap,
        new ExecutionBalloon.Policy(1, 0, true), () -> nowNanos[0]);
    TaskContextImpl task = runningTask();
    keeping.onLevel(HIGH, PressureSnapshot.IDLE);
    keeping.onRecord(task);
    assertThat(keeping.state()).as("900 unaccounted beats 1/4 of 1000").isEqualTo(900);

    Optional<ActionStep> fell = keeping.onLevel(NORMAL, PressureSnapshot.IDLE);

    assertThat(fell).contains(ActionStep.undone("tasks starting now get no balloon; 1 running tasks keep theirs (900 bytes) until they end"));
    assertThat(keeping.state()).isEqualTo(900);
    assertThat(sorter.grab(200)).as("the balloon does not yield to its task's consumers").isEqualTo(100);
    task.markTaskCompleted(scala.Option.empty());
    assertThat(keeping.state()).isZero();
  }

  @Test
  void constructor_badSlots_isRejected() {
    assertThatThrownBy(() -> new ExecutionBalloon.Policy(0, 0, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("taskSlots must be at least 1 and taskFloorBytes non-negative but were 0 and 0");
  }
}

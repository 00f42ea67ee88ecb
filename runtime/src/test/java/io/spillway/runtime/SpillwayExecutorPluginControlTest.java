package io.spillway.runtime;

import static io.spillway.runtime.pressure.GcEvents.minor;
import static io.spillway.runtime.pressure.PressureLevel.ELEVATED;
import static io.spillway.runtime.pressure.PressureLevel.HIGH;
import static io.spillway.runtime.pressure.PressureLevel.NORMAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.spillway.runtime.compat.MemoryPools;
import io.spillway.runtime.compat.UnmanagedMemoryCompat.Registration;
import io.spillway.runtime.pressure.GcEvent;
import io.spillway.runtime.pressure.ManualClock;
import io.spillway.runtime.pressure.ScriptedGcSignalSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.spark.SparkConf;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The executor plugin with the control loop on and off; a fake memory manager and registrar. */
class SpillwayExecutorPluginControlTest {

  private final ManualClock clock = new ManualClock();
  private final ScriptedGcSignalSource source = new ScriptedGcSignalSource();
  private final UnifiedMemoryManager mm = new UnifiedMemoryManager(new SparkConf(false), 1000, 500, 1);
  private final List<LongSupplier> registered = new ArrayList<>();
  private long oldGenAfterGcBytes;
  private final ControlEnvironment env = new ControlEnvironment(() -> Optional.of(MemoryPools.of(mm)),
      Optional.of((key, bytes) -> {
        registered.add(bytes);
        return (Registration) () -> {};
      }), () -> this.oldGenAfterGcBytes, Optional.of(Runnable::run));
  private final SpillwayExecutorPlugin plugin =
      new SpillwayExecutorPlugin((c, s) -> source, clock, () -> 1_700_000_000_000L, () -> env);

  @AfterEach
  void shutDown() {
    plugin.shutdown();
  }

  private FakePluginContext init(SparkConf conf) {
    FakePluginContext ctx = new FakePluginContext(conf);
    plugin.init(ctx, Map.of());
    return ctx;
  }

  private void emit(GcEvent e) {
    clock.setMillis(TimeUnit.NANOSECONDS.toMillis(e.timestampNanos()));
    source.emit(e);
  }

  private List<PressureActionTaken> actions(FakePluginContext ctx) {
    return ctx.sent.stream().filter(PressureActionTaken.class::isInstance).map(PressureActionTaken.class::cast).toList();
  }

  @Test
  void init_controlOnByDefault_controllerRuns() {
    init(new SparkConf(false));

    assertThat(plugin.controller()).isNotNull();
  }

  @Test
  void init_controlSwitchedOff_noControllerNoControlMetricsNoThrottle() {
    FakePluginContext ctx = init(new SparkConf(false).set("spark.spillway.control.enabled", "false"));
    emit(minor(1_000, 1, 0.93));

    assertThat(plugin.controller()).isNull();
    assertThat(ctx.metrics.getNames()).noneMatch(n -> n.startsWith("control."));
    assertThat(actions(ctx)).isEmpty();
    assertThat(SpillwayRuntime.fetchThrottleLevel()).isEqualTo(NORMAL);
    assertThat(mm.onHeapStorageMemoryPool().poolSize()).isEqualTo(500);
    assertThat(registered).isEmpty();
  }

  @Test
  void init_actionSwitchesWithoutMasterSwitch_stillOff() {
    FakePluginContext ctx = init(new SparkConf(false).set("spark.spillway.control.enabled", "false")
        .set("spark.spillway.control.storageDemotion.enabled", "true"));
    emit(minor(1_000, 1, 0.93));

    assertThat(plugin.controller()).isNull();
    assertThat(actions(ctx)).isEmpty();
  }

  @Test
  void init_controlOn_registersMetricsForEveryEnabledAction() {
    FakePluginContext ctx = init(new SparkConf(false).set("spark.spillway.control.enabled", "true")
        .set("spark.spillway.control.unmanagedHeap.enabled", "false"));

    assertThat(ctx.metrics.getNames()).contains("control.admission.interruptions",
        "control.fetchThrottle.activations", "control.fetchThrottle.state",
        "control.storageDemotion.activations", "control.storageDemotion.state")
        .noneMatch(n -> n.startsWith("control.unmanagedHeap"));
  }

  @Test
  void init_sparkWithoutUnmanagedMemory_unmanagedHeapOffOtherActionsOn() {
    ControlEnvironment without = new ControlEnvironment(env.memoryManager(), Optional.empty(),
        env.oldGenUsedAfterGcBytes(), env.actionExecutor());
    SpillwayExecutorPlugin on40 = new SpillwayExecutorPlugin((c, s) -> source, clock, () -> 1_700_000_000_000L, () -> without);
    FakePluginContext ctx = new FakePluginContext(new SparkConf(false).set("spark.spillway.control.enabled", "true"));
    try {
      on40.init(ctx, Map.of());
      emit(minor(1_000, 1, 0.83)); // HIGH

      assertThat(actions(ctx)).extracting(PressureActionTaken::action)
          .containsExactly("fetchThrottle", "storageDemotion", "executionBalloon");
      assertThat(ctx.metrics.getNames()).noneMatch(n -> n.startsWith("control.unmanagedHeap"));
    } finally {
      on40.shutdown();
    }
  }

  @Test
  void levelChanges_controlOn_actionsEngageReportToDriverAndUndo() {
    FakePluginContext ctx = init(new SparkConf(false).set("spark.spillway.control.enabled", "true"));
    oldGenAfterGcBytes = 600;

    emit(minor(1_000, 1, 0.83)); // HIGH
    assertThat(SpillwayRuntime.fetchThrottleLevel()).isEqualTo(HIGH);
    assertThat(mm.onHeapStorageMemoryPool().poolSize()).isEqualTo(250);
    assertThat(registered).hasSize(1);
    assertThat(registered.get(0).getAsLong()).as("600 unaccounted, capped at (1000 unified - 0 storage used) / 2").isEqualTo(500);

    emit(minor(3_100, 1, 0.30)); // dwell passed: NORMAL
    assertThat(SpillwayRuntime.fetchThrottleLevel()).isEqualTo(NORMAL);
    assertThat(mm.onHeapStorageMemoryPool().poolSize()).isEqualTo(500);
    assertThat(registered.get(0).getAsLong()).isZero();

    assertThat(actions(ctx)).extracting(PressureActionTaken::action, PressureActionTaken::level, PressureActionTaken::engaged)
        .containsExactly(
            tuple("fetchThrottle", HIGH, true),
            tuple("unmanagedHeap", HIGH, true),
            tuple("storageDemotion", HIGH, true),
            tuple("executionBalloon", HIGH, true),
            tuple("fetchThrottle", NORMAL, false),
            tuple("unmanagedHeap", NORMAL, false),
            tuple("storageDemotion", NORMAL, false),
            tuple("executionBalloon", NORMAL, false));
    assertThat(actions(ctx)).allMatch(a -> a.executorId().equals("7") && a.timestampMillis() == 1_700_000_000_000L);
    assertThat(ctx.metrics.counter("control.storageDemotion.activations").getCount()).isEqualTo(1);
  }

  @Test
  void shutdown_controlOn_uninstallsFetchThrottle() {
    init(new SparkConf(false).set("spark.spillway.control.enabled", "true"));
    emit(minor(1_000, 1, 0.75));
    assertThat(SpillwayRuntime.fetchThrottleLevel()).isEqualTo(ELEVATED);

    plugin.shutdown();

    assertThat(SpillwayRuntime.fetchThrottleLevel()).isEqualTo(NORMAL);
    assertThat(plugin.controller()).isNull();
  }

  @Test
  void taskSlots_executorCoresOverTaskCpus_atLeastOne() {
    assertThat(SpillwayExecutorPlugin.taskSlots(new SparkConf(false).set("spark.executor.cores", "4").set("spark.task.cpus", "2")))
        .isEqualTo(2);
    assertThat(SpillwayExecutorPlugin.taskSlots(new SparkConf(false).set("spark.executor.cores", "1").set("spark.task.cpus", "2")))
        .isEqualTo(1);
  }

  @Test
  void levelChanges_critical_admissionReportsFirst() {
    FakePluginContext ctx = init(new SparkConf(false).set("spark.spillway.control.enabled", "true")
        .set("spark.spillway.control.admission.maxWait", "3s"));

    emit(minor(1_000, 1, 0.93)); // CRITICAL

    assertThat(actions(ctx).get(0).action()).isEqualTo("admission");
    assertThat(actions(ctx).get(0).detail()).isEqualTo("tasks starting now wait up to 3000 ms while other tasks run");
    assertThat(actions(ctx)).extracting(PressureActionTaken::action)
        .containsExactly("admission", "fetchThrottle", "unmanagedHeap", "storageDemotion", "executionBalloon");
  }
}

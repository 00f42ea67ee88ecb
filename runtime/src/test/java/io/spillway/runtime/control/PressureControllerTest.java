package io.spillway.runtime.control;

import static io.spillway.runtime.pressure.GcEvents.minor;
import static io.spillway.runtime.pressure.PressureLevel.CRITICAL;
import static io.spillway.runtime.pressure.PressureLevel.ELEVATED;
import static io.spillway.runtime.pressure.PressureLevel.HIGH;
import static io.spillway.runtime.pressure.PressureLevel.NORMAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.spillway.runtime.pressure.GcEvent;
import io.spillway.runtime.pressure.ManualClock;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureMonitor;
import io.spillway.runtime.pressure.PressureSettings;
import io.spillway.runtime.pressure.ScriptedGcSignalSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The controller driven by a scripted GC source through a real monitor; actions run on the test thread. */
class PressureControllerTest {

  /** One reported step, as the sink saw it. */
  record Reported(String action, PressureLevel level, boolean engaged, String detail) {}

  private final ManualClock clock = new ManualClock();
  private final ScriptedGcSignalSource source = new ScriptedGcSignalSource();
  private final MetricRegistry metrics = new MetricRegistry();
  private final List<Reported> reported = new ArrayList<>();
  private final List<Runnable> queued = new ArrayList<>();
  private PressureMonitor monitor;
  private PressureController controller;

  private void start(boolean queue, PressureAction... actions) {
    monitor = new PressureMonitor(source, clock, PressureSettings.defaults());
    controller = PressureController.withExecutor(List.of(actions),
        (name, level, step) -> reported.add(new Reported(name, level, step.engaged(), step.detail())),
        metrics, queue ? queued::add : Runnable::run);
    monitor.addListener(controller);
    monitor.start();
  }

  @AfterEach
  void stop() {
    monitor.close();
    controller.close();
  }

  private void emit(GcEvent e) {
    clock.setMillis(TimeUnit.NANOSECONDS.toMillis(e.timestampNanos()));
    source.emit(e);
  }

  @SuppressWarnings("unchecked")
  private long gauge(String name) {
    return ((Gauge<Long>) metrics.getGauges().get(name)).getValue();
  }

  @Test
  void onLevelChange_engagesOnEnterAndUndoesWhenLevelDropsBelow() {
    RecordingAction demote = new RecordingAction("demote", HIGH);
    start(false, demote);

    emit(minor(1_000, 1, 0.75)); // ELEVATED: below the action's level
    assertThat(reported).isEmpty();

    emit(minor(2_000, 1, 0.83)); // HIGH
    emit(minor(3_000, 1, 0.93)); // CRITICAL: still engaged, nothing new
    assertThat(gauge("control.demote.state")).isEqualTo(1);

    emit(minor(5_100, 1, 0.30)); // dwell passed: NORMAL
    assertThat(demote.seen).containsExactly(ELEVATED, HIGH, CRITICAL, NORMAL);
    assertThat(reported).containsExactly(
        new Reported("demote", HIGH, true, "demote on at HIGH"),
        new Reported("demote", NORMAL, false, "demote off at NORMAL"));
    assertThat(metrics.counter("control.demote.activations").getCount()).isEqualTo(1);
    assertThat(gauge("control.demote.state")).isZero();
  }

  @Test
  void onLevelChange_flappingAroundEnterThreshold_engagesOnce() {
    RecordingAction throttle = new RecordingAction("throttle", ELEVATED);
    start(false, throttle);

    for (int i = 0; i < 40; i++) {
      emit(minor(1_000 + i * 500L, 1, i % 2 == 0 ? 0.69 : 0.71));
    }

    assertThat(metrics.counter("control.throttle.activations").getCount()).isEqualTo(1);
    assertThat(reported).extracting(Reported::engaged).containsExactly(true);
  }

  @Test
  void onLevelChange_runsOnTheActionExecutorNotTheMonitorThread() {
    RecordingAction a = new RecordingAction("a", HIGH);
    start(true, a);

    emit(minor(1_000, 1, 0.93));

    assertThat(a.seen).isEmpty();
    assertThat(controller.level()).isEqualTo(CRITICAL);
    assertThat(queued).hasSize(1);
    queued.get(0).run();
    assertThat(a.seen).containsExactly(CRITICAL);
    assertThat(reported).containsExactly(new Reported("a", CRITICAL, true, "a on at CRITICAL"));
  }

  @Test
  void apply_failingAction_othersStillRunAndNothingIsReportedForIt() {
    RecordingAction broken = new RecordingAction("broken", ELEVATED);
    broken.failOnLevel = true;
    RecordingAction fine = new RecordingAction("fine", ELEVATED);
    start(false, broken, fine);

    emit(minor(1_000, 1, 0.83));

    assertThat(fine.seen).containsExactly(HIGH);
    assertThat(reported).extracting(Reported::action).containsExactly("fine");
    assertThat(metrics.counter("control.broken.activations").getCount()).isZero();
  }

  @Test
  void onTaskEnd_actionWantsRetry_reappliesLatestLevel() {
    RecordingAction a = new RecordingAction("a", HIGH);
    start(false, a);
    emit(minor(1_000, 1, 0.83));

    controller.onTaskStart(null);
    controller.onTaskEnd();
    assertThat(a.seen).containsExactly(HIGH);

    a.retry = true;
    controller.onTaskStart(null);
    controller.onTaskEnd();
    assertThat(a.seen).containsExactly(HIGH, HIGH);
    assertThat(a.taskStarts).isEqualTo(2);
    assertThat(a.taskEnds).isEqualTo(2);
  }

  @Test
  void close_closesEveryAction() {
    RecordingAction a = new RecordingAction("a", HIGH);
    RecordingAction b = new RecordingAction("b", HIGH);
    start(false, a, b);

    controller.close();

    assertThat(a.closed).isTrue();
    assertThat(b.closed).isTrue();
  }

  @Test
  void level_beforeAnyChange_isNormal() {
    start(false, new RecordingAction("a", HIGH));
    assertThat(controller.level()).isEqualTo(NORMAL);
  }
}

package io.spillway.runtime.control;

import static io.spillway.runtime.pressure.PressureLevel.CRITICAL;
import static io.spillway.runtime.pressure.PressureLevel.ELEVATED;
import static io.spillway.runtime.pressure.PressureLevel.HIGH;
import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.control.AdmissionGate.Admission;
import io.spillway.runtime.pressure.ManualClock;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The clock never moves, so a wait ends only by the event under test (or, with maxWait 0, at once);
 * the test thread waits for the held task with a spin on the gate's own count, not a sleep.
 */
class AdmissionGateTest {

  private static final long TEN_MINUTES_MILLIS = 600_000L;

  private final ManualClock clock = new ManualClock();
  private final AdmissionGate gate = new AdmissionGate(TEN_MINUTES_MILLIS, clock);

  private Thread startHeld(AtomicReference<Admission> outcome) {
    Thread t = new Thread(() -> outcome.set(gate.admit()), "held-task");
    t.start();
    while (gate.state() < 1) {
      Thread.onSpinWait();
    }
    return t;
  }

  @Test
  void admit_belowCritical_isImmediate() {
    gate.onLevel(HIGH, PressureSnapshot.IDLE);
    gate.admit();
    assertThat(gate.admit()).isEqualTo(Admission.IMMEDIATE);
    assertThat(gate.running()).isEqualTo(2);
  }

  @Test
  void admit_criticalButNoOtherTaskRunning_isImmediate() {
    gate.onLevel(CRITICAL, PressureSnapshot.IDLE);
    assertThat(gate.admit()).isEqualTo(Admission.IMMEDIATE);
  }

  @Test
  void admit_criticalWithOthersRunning_zeroMaxWait_runsAnyway() {
    AdmissionGate noWait = new AdmissionGate(0, clock);
    noWait.admit();
    noWait.onLevel(CRITICAL, PressureSnapshot.IDLE);

    assertThat(noWait.admit()).isEqualTo(Admission.AFTER_MAX_WAIT);
  }

  @Test
  void admit_criticalWithOthersRunning_waitsUntilPressureFalls() throws InterruptedException {
    gate.admit();
    gate.onLevel(CRITICAL, PressureSnapshot.IDLE);
    AtomicReference<Admission> outcome = new AtomicReference<>();
    Thread held = startHeld(outcome);
    assertThat(outcome.get()).isNull();

    gate.onLevel(HIGH, PressureSnapshot.IDLE);
    held.join();

    assertThat(outcome.get()).isEqualTo(Admission.AFTER_PRESSURE_FELL);
    assertThat(gate.state()).isZero();
    assertThat(gate.running()).isEqualTo(2);
  }

  @Test
  void admit_criticalWithOthersRunning_waitsUntilItWouldBeAlone() throws InterruptedException {
    gate.admit();
    gate.onLevel(CRITICAL, PressureSnapshot.IDLE);
    AtomicReference<Admission> outcome = new AtomicReference<>();
    Thread held = startHeld(outcome);

    gate.onTaskEnd(null);
    held.join();

    assertThat(outcome.get()).isEqualTo(Admission.AFTER_OTHERS_FINISHED);
    assertThat(gate.running()).isEqualTo(1);
  }

  @Test
  void admit_heldTaskInterrupted_stopsWaitingAndKeepsTheFlag() throws InterruptedException {
    gate.admit();
    gate.onLevel(CRITICAL, PressureSnapshot.IDLE);
    AtomicReference<Admission> outcome = new AtomicReference<>();
    AtomicBoolean flagKept = new AtomicBoolean();
    Thread held = new Thread(() -> {
      outcome.set(gate.admit());
      flagKept.set(Thread.currentThread().isInterrupted());
    });
    held.start();
    while (gate.state() < 1) {
      Thread.onSpinWait();
    }

    held.interrupt();
    held.join();

    assertThat(outcome.get()).isEqualTo(Admission.INTERRUPTED);
    assertThat(flagKept.get()).isTrue();
  }

  @Test
  void onLevel_reportsEnteringAndLeavingCriticalOnly() {
    assertThat(gate.onLevel(HIGH, PressureSnapshot.IDLE)).isEmpty();
    assertThat(gate.onLevel(CRITICAL, PressureSnapshot.IDLE))
        .contains(ActionStep.engaged("tasks starting now wait up to 600000 ms while other tasks run"));
    assertThat(gate.onLevel(HIGH, PressureSnapshot.IDLE)).contains(ActionStep.undone("tasks start without waiting"));
    assertThat(gate.onLevel(ELEVATED, PressureSnapshot.IDLE)).isEmpty();
  }
}

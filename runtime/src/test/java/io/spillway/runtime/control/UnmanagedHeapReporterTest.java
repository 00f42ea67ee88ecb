package io.spillway.runtime.control;

import static io.spillway.runtime.pressure.PressureLevel.CRITICAL;
import static io.spillway.runtime.pressure.PressureLevel.ELEVATED;
import static io.spillway.runtime.pressure.PressureLevel.HIGH;
import static io.spillway.runtime.pressure.PressureLevel.NORMAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.compat.UnmanagedMemoryCompat.Registration;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The arithmetic and the level switching, with a fake heap view and a recording registrar. */
class UnmanagedHeapReporterTest {

  private static final long MIB = 1024L * 1024;

  private long oldGenAfterGcBytes;
  private long sparkUsedBytes;
  private final List<LongSupplier> registered = new ArrayList<>();
  private boolean registrationClosed;

  private long ceilingBytes = Long.MAX_VALUE;
  private int wakeUps;

  private final UnmanagedHeapReporter.HeapView view = new UnmanagedHeapReporter.HeapView() {
    @Override
    public long oldGenUsedAfterGcBytes() {
      return oldGenAfterGcBytes;
    }

    @Override
    public long sparkOnHeapUsedBytes() {
      return sparkUsedBytes;
    }

    @Override
    public long unmanagedCeilingBytes() {
      return ceilingBytes;
    }

    @Override
    public void wakeExecutionWaiters() {
      wakeUps++;
    }
  };

  private final UnmanagedHeapReporter reporter = new UnmanagedHeapReporter(view, (key, bytes) -> {
    registered.add(bytes);
    return (Registration) () -> registrationClosed = true;
  });

  @Test
  void unmanagedBytes_oldGenMinusSparkUse() {
    assertThat(UnmanagedHeapReporter.unmanagedBytes(300 * MIB, 120 * MIB)).isEqualTo(180 * MIB);
  }

  @Test
  void unmanagedBytes_sparkAccountsForMoreThanOldGen_isZeroNotNegative() {
    assertThat(UnmanagedHeapReporter.unmanagedBytes(100 * MIB, 250 * MIB)).isZero();
  }

  @Test
  void onLevel_normal_reportsZeroAndDoesNotRegister() {
    oldGenAfterGcBytes = 300 * MIB;

    assertThat(reporter.onLevel(NORMAL, PressureSnapshot.IDLE)).isEmpty();
    assertThat(reporter.unmanagedBytes()).isZero();
    assertThat(registered).isEmpty();
  }

  @Test
  void onLevel_elevated_registersOnceAndReportsTheDifferenceAsItChanges() {
    oldGenAfterGcBytes = 300 * MIB;
    sparkUsedBytes = 100 * MIB;

    Optional<ActionStep> step = reporter.onLevel(ELEVATED, PressureSnapshot.IDLE);
    reporter.onLevel(HIGH, PressureSnapshot.IDLE);

    assertThat(step).contains(ActionStep.engaged("reporting 200.0 MiB of heap Spark does not account for as unmanaged memory"));
    assertThat(registered).hasSize(1);
    assertThat(registered.get(0).getAsLong()).isEqualTo(200 * MIB);

    sparkUsedBytes = 250 * MIB; // Spark spilled less than user code grew: the report follows each poll
    assertThat(registered.get(0).getAsLong()).isEqualTo(50 * MIB);
    assertThat(reporter.state()).isEqualTo(50 * MIB);
  }

  @Test
  void onLevel_dropsBelowElevated_reportsZeroAgain() {
    oldGenAfterGcBytes = 300 * MIB;
    reporter.onLevel(CRITICAL, PressureSnapshot.IDLE);

    Optional<ActionStep> step = reporter.onLevel(NORMAL, PressureSnapshot.IDLE);

    assertThat(step).get().extracting(ActionStep::engaged).isEqualTo(false);
    assertThat(registered.get(0).getAsLong()).isZero();
    assertThat(reporter.state()).isZero();
  }

  @Test
  void close_closesTheRegistration() {
    reporter.onLevel(HIGH, PressureSnapshot.IDLE);
    reporter.close();
    assertThat(registrationClosed).isTrue();
  }

  /**
   * Regression (suite case S5 with control on, 2026-11-27): a report above (unified − storage used) / 2
   * left a reduce task waiting forever in ExecutionMemoryPool.acquireMemory.
   */
  @Test
  void unmanagedBytes_aboveTheCeiling_isCappedAndWaitersAreWokenWhenItChanges() {
    oldGenAfterGcBytes = 400 * MIB;
    sparkUsedBytes = 50 * MIB;
    ceilingBytes = 60 * MIB;
    reporter.onLevel(io.spillway.runtime.pressure.PressureLevel.HIGH, io.spillway.runtime.pressure.PressureSnapshot.IDLE);

    assertThat(reporter.unmanagedBytes()).isEqualTo(60 * MIB);
    int afterFirst = wakeUps;
    assertThat(reporter.unmanagedBytes()).isEqualTo(60 * MIB);
    assertThat(wakeUps).as("unchanged report: nobody woken").isEqualTo(afterFirst);
    ceilingBytes = 10 * MIB;
    assertThat(reporter.unmanagedBytes()).isEqualTo(10 * MIB);
    assertThat(wakeUps).isEqualTo(afterFirst + 1);
  }
}

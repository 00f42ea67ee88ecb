package io.spillway.runtime.pressure;

import static io.spillway.runtime.pressure.GcEvents.full;
import static io.spillway.runtime.pressure.GcEvents.minor;
import static io.spillway.runtime.pressure.PressureLevel.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scripted GC sequences through the whole monitor: source → window → classifier → listeners. */
class PressureMonitorTest {

  private final ManualClock clock = new ManualClock();
  private final ScriptedGcSignalSource source = new ScriptedGcSignalSource();
  private final List<PressureChange> changes = new ArrayList<>();
  private PressureMonitor monitor;

  @BeforeEach
  void startMonitor() {
    monitor = new PressureMonitor(source, clock, PressureSettings.defaults());
    monitor.addListener(changes::add);
    monitor.start();
  }

  /** Moves the clock to the event's end and delivers it, as the JMX source would. */
  private void emit(GcEvent e) {
    clock.setMillis(TimeUnit.NANOSECONDS.toMillis(e.timestampNanos()));
    source.emit(e);
  }

  private List<PressureLevel> levelsEntered() {
    return changes.stream().map(PressureChange::to).toList();
  }

  @Test
  void current_noEventsYet_isNormal() {
    assertThat(monitor.current().level()).isEqualTo(NORMAL);
    assertThat(changes).isEmpty();
  }

  @Test
  void onEvent_risingOccupancy_climbsEachLevelInOrder() {
    emit(minor(1_000, 1, 0.50));
    emit(minor(2_000, 1, 0.72));
    emit(minor(3_000, 1, 0.82));
    emit(minor(4_000, 1, 0.93));

    assertThat(levelsEntered()).containsExactly(ELEVATED, HIGH, CRITICAL);
    assertThat(changes.get(0).from()).isEqualTo(NORMAL);
    assertThat(changes.get(2).signals().oldGenOccupancyRatio()).isGreaterThanOrEqualTo(0.90);
    assertThat(monitor.current().level()).isEqualTo(CRITICAL);
  }

  @Test
  void onEvent_fallingOccupancy_waitsForMinDwellThenDrops() {
    emit(minor(1_000, 1, 0.95));
    emit(minor(1_500, 1, 0.30)); // 0.5 s after entering CRITICAL: too early to fall
    assertThat(monitor.lastSnapshot().level()).isEqualTo(CRITICAL);

    emit(minor(3_100, 1, 0.30)); // 2.1 s after: dwell passed
    assertThat(levelsEntered()).containsExactly(CRITICAL, NORMAL);
    assertThat(monitor.lastSnapshot().levelSinceNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(3_100));
  }

  @Test
  void onEvent_occupancyFlappingAroundEnterThreshold_changesOnce() {
    for (int i = 0; i < 50; i++) {
      emit(minor(1_000 + i * 500L, 1, i % 2 == 0 ? 0.69 : 0.71));
    }
    assertThat(levelsEntered()).containsExactly(ELEVATED);
  }

  @Test
  void onEvent_occupancyFlappingAroundExitThreshold_changesOnceMore() {
    emit(minor(1_000, 1, 0.75));
    for (int i = 1; i <= 40; i++) {
      emit(minor(1_000 + i * 500L, 1, i % 2 == 0 ? 0.59 : 0.61));
    }
    // ELEVATED on entry, NORMAL once the dwell passed at 0.59; 0.61 never re-enters (enter is 0.70)
    assertThat(levelsEntered()).containsExactly(ELEVATED, NORMAL);
  }

  @Test
  void onEvent_busyButRoomy_gcTimeShareAtLowOccupancyStaysNormal() {
    // a CPU-bound job: 600 ms of every second in young collections, the old generation a fifth full
    for (int i = 1; i <= 20; i++) {
      emit(minor(i * 1_000L, 600, 0.20));
    }
    assertThat(monitor.current().signals().gcTimeRatio()).isGreaterThanOrEqualTo(0.50);
    assertThat(levelsEntered()).isEmpty();
    assertThat(monitor.current().level()).isEqualTo(NORMAL);
  }

  @Test
  void onEvent_gcTimeShareRisingOnHalfFullHeap_raisesLevel() {
    for (int i = 1; i <= 9; i++) {
      emit(minor(i * 1_000L, 600, 0.55)); // thrashing: 600 ms of every second in GC, old gen over half full
    }
    assertThat(levelsEntered()).containsExactly(ELEVATED, HIGH, CRITICAL);
    assertThat(changes).allSatisfy(c -> assertThat(c.signals().oldGenOccupancyRatio()).isEqualTo(0.55));
    assertThat(changes.get(2).signals().gcTimeRatio()).isGreaterThanOrEqualTo(0.50);
  }

  @Test
  void onEvent_busyGcWithOneYoungFigureJustOverHalf_staysNormal() {
    // B3 at 512 MiB: busy young collections, the old generation read 0.25-0.30, once 0.52 (garbage a
    // mixed collection had not reclaimed yet), then 0.25 again
    for (int i = 1; i <= 8; i++) {
      emit(minor(i * 1_000L, 150, 0.28));
    }
    emit(minor(9_000, 150, 0.52));
    emit(minor(10_000, 150, 0.26));

    assertThat(levelsEntered()).isEmpty();
    assertThat(monitor.current().signals().settledOccupancyRatio()).isEqualTo(0.26);
  }

  @Test
  void onEvent_fillingFastWithLargeArrays_readingsBetweenCollectionsRaiseLevel() {
    emit(minor(1_000, 5, 0.30));
    // no collection: large arrays go straight to the old generation and cross the armed thresholds
    emit(GcEvents.reading(1_100, 0.71));
    emit(GcEvents.reading(1_150, 0.81));
    emit(GcEvents.reading(1_180, 0.91));

    assertThat(levelsEntered()).containsExactly(ELEVATED, HIGH, CRITICAL);
    assertThat(changes).allSatisfy(c -> assertThat(c.signals().gcTimeRatio()).isLessThan(0.01));
  }

  @Test
  void onEvent_readingThenCollectionFindingGarbage_collectionFigureReplacesReading() {
    emit(GcEvents.reading(1_000, 0.85)); // usage between collections counts dead arrays too
    assertThat(monitor.current().level()).isEqualTo(HIGH);

    emit(minor(4_000, 5, 0.25)); // the collection freed them: the post-GC figure is the honest one
    assertThat(monitor.current().signals().oldGenOccupancyRatio()).isEqualTo(0.25);
    assertThat(monitor.current().level()).isEqualTo(NORMAL);
  }

  @Test
  void onEvent_readingBelowPostGcFigure_doesNotLowerOccupancy() {
    emit(minor(1_000, 5, 0.75));
    emit(GcEvents.reading(1_100, 0.40));
    assertThat(monitor.current().signals().oldGenOccupancyRatio()).isEqualTo(0.75);
  }

  @Test
  void onEvent_ineffectiveFullGcs_escalateBeyondOccupancyLevel() {
    emit(full(1_000, 50, 0.65, 0.63)); // old gen 0.79: ELEVATED by occupancy; frees 2 %: ineffective
    emit(full(2_000, 50, 0.65, 0.63));
    assertThat(levelsEntered()).containsExactly(HIGH, CRITICAL);

    emit(full(5_000, 50, 0.65, 0.30)); // frees 35 %: run reset, occupancy low, dwell passed
    assertThat(levelsEntered()).containsExactly(HIGH, CRITICAL, NORMAL);
  }

  @Test
  void current_gcBurstThenSilence_decaysWithoutNewEvents() {
    for (int i = 1; i <= 9; i++) {
      emit(minor(i * 1_000L, 600, 0.55));
    }
    assertThat(monitor.current().level()).isEqualTo(CRITICAL);

    clock.advanceMillis(15_000); // no collection at all: the window empties
    PressureSnapshot now = monitor.current();

    assertThat(now.level()).isEqualTo(NORMAL);
    assertThat(now.signals().gcTimeRatio()).isZero();
    assertThat(changes.get(changes.size() - 1).to()).isEqualTo(NORMAL);
  }

  @Test
  void onEvent_listenerThrows_otherListenersStillNotified() {
    List<PressureChange> second = new ArrayList<>();
    ScriptedGcSignalSource s = new ScriptedGcSignalSource();
    PressureMonitor m = new PressureMonitor(s, clock, PressureSettings.defaults());
    m.addListener(c -> {
      throw new IllegalStateException("listener bug");
    });
    m.addListener(second::add);
    m.start();

    s.emit(minor(0, 1, 0.95));

    assertThat(second).extracting(PressureChange::to).containsExactly(CRITICAL);
    assertThat(m.lastSnapshot().level()).isEqualTo(CRITICAL);
  }

  @Test
  void close_stopsSource() {
    monitor.close();
    assertThat(source.isRunning()).isFalse();
    assertThatThrownBy(() -> source.emit(minor(1_000, 1, 0.5))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void start_twice_isRejected() {
    assertThatThrownBy(monitor::start).hasMessageContaining("already started");
  }
}

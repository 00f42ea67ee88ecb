package io.spillway.runtime.pressure;

import static io.spillway.runtime.pressure.GcEvents.full;
import static io.spillway.runtime.pressure.GcEvents.minor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GcWindowTest {

  private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
  private final GcWindow window = new GcWindow(WINDOW_NANOS, PressureSettings.defaults().ineffectiveGc());

  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }

  @Test
  void signals_sumsPausesInsideWindow() {
    window.record(minor(20_000, 500, 0.3));
    window.record(minor(21_000, 500, 0.3));
    assertThat(window.signals(ms(21_000)).gcTimeRatio()).isCloseTo(0.10, within(1e-9));
  }

  @Test
  void signals_clipsPauseStartingBeforeWindow() {
    window.record(full(30_000, 30_000, 0.9, 0.5)); // ran from 0 s to 30 s
    assertThat(window.signals(ms(35_000)).gcTimeRatio()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void signals_dropsPausesThatEndedBeforeWindow() {
    window.record(minor(1_000, 900, 0.3));
    assertThat(window.signals(ms(11_001)).gcTimeRatio()).isZero();
  }

  @Test
  void signals_ignoresConcurrentCycleDurations() {
    window.record(new GcEvent(ms(5_000), "ZGC Cycles", GcKind.CONCURRENT_CYCLE, ms(4_000), 100, 800, 500, 300, 1000));
    PressureSignals s = window.signals(ms(5_000));
    assertThat(s.gcTimeRatio()).isZero();
    assertThat(s.oldGenOccupancyRatio()).isCloseTo(0.125, within(1e-9));
  }

  @Test
  void signals_effectiveFullGcResetsIneffectiveRun() {
    window.record(full(1_000, 10, 0.95, 0.94));
    window.record(full(2_000, 10, 0.95, 0.94));
    assertThat(window.signals(ms(2_000)).ineffectiveFullGcs()).isEqualTo(2);
    window.record(full(3_000, 10, 0.95, 0.40));
    assertThat(window.signals(ms(3_000)).ineffectiveFullGcs()).isZero();
  }

  @Test
  void signals_fullGcOfNearlyEmptyHeapIsNotIneffective() {
    window.record(full(1_000, 10, 0.11, 0.10)); // frees 1 % but the heap is only 10 % full
    assertThat(window.signals(ms(1_000)).ineffectiveFullGcs()).isZero();
  }

  @Test
  void signals_settledOccupancy_isTheLowestCollectionFigureInTheWindow() {
    window.record(minor(1_000, 10, 0.30));
    window.record(minor(2_000, 10, 0.55));
    window.record(GcEvents.reading(2_500, 0.20)); // a reading neither lowers the occupancy nor settles
    assertThat(window.signals(ms(2_500)).settledOccupancyRatio()).isEqualTo(0.30);
    assertThat(window.signals(ms(2_500)).oldGenOccupancyRatio()).isEqualTo(0.55);

    // 0.30 leaves the 10 s window: the latest collection alone settles it
    assertThat(window.signals(ms(11_500)).settledOccupancyRatio()).isEqualTo(0.55);
    assertThat(window.signals(ms(60_000)).settledOccupancyRatio()).as("the latest collection counts however old")
        .isEqualTo(0.55);
  }
}

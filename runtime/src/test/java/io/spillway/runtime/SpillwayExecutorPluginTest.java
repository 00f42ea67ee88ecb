package io.spillway.runtime;

import static io.spillway.runtime.pressure.GcEvents.minor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.Gauge;
import io.spillway.runtime.config.InvalidConfigException;
import io.spillway.runtime.pressure.ManualClock;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureSnapshot;
import io.spillway.runtime.pressure.ScriptedGcSignalSource;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpillwayExecutorPluginTest {

  private final ManualClock clock = new ManualClock();
  private final ScriptedGcSignalSource source = new ScriptedGcSignalSource();
  private final SpillwayExecutorPlugin plugin = new SpillwayExecutorPlugin((c, s) -> source, clock, () -> 1_700_000_000_000L);

  @AfterEach
  void shutDown() {
    plugin.shutdown();
  }

  /**
   * The monitor half of the plugin, with the control loop off: its actions run on their own thread and
   * would add messages at their own pace (SpillwayExecutorPluginControlTest drives them deterministically).
   */
  private FakePluginContext init(SparkConf conf) {
    if (!conf.contains("spark.spillway.control.enabled")) {
      conf.set("spark.spillway.control.enabled", "false");
    }
    FakePluginContext ctx = new FakePluginContext(conf);
    plugin.init(ctx, Map.of());
    return ctx;
  }

  @SuppressWarnings("unchecked")
  private static <T> T gauge(FakePluginContext ctx, String name) {
    return ((Gauge<T>) ctx.metrics.getGauges().get(name)).getValue();
  }

  @Test
  void init_levelChange_sentToDriverWithExecutorIdAndSignals() {
    FakePluginContext ctx = init(new SparkConf(false));
    source.emit(minor(0, 1, 0.85));

    assertThat(ctx.sent).containsExactly(
        new PressureLevelChanged("7", PressureLevel.NORMAL, PressureLevel.HIGH, 1_700_000_000_000L, 0.85, 0.0001));
  }

  @Test
  void init_registersGaugesAndChangeCounter() {
    FakePluginContext ctx = init(new SparkConf(false));
    assertThat((Integer) gauge(ctx, "pressure.level")).isZero();

    source.emit(minor(0, 1, 0.93));

    assertThat((Integer) gauge(ctx, "pressure.level")).isEqualTo(PressureLevel.CRITICAL.ordinal());
    assertThat((Double) gauge(ctx, "pressure.oldGenOccupancyRatio")).isEqualTo(0.93);
    assertThat((Double) gauge(ctx, "pressure.gcTimeRatio")).isEqualTo(0.0001);
    assertThat(ctx.metrics.counter("pressure.levelChanges").getCount()).isEqualTo(1);
  }

  @Test
  void init_publishesMonitorThroughSpillwayRuntime() {
    init(new SparkConf(false));
    source.emit(minor(0, 1, 0.75));

    assertThat(SpillwayRuntime.pressureLevel()).isEqualTo(PressureLevel.ELEVATED);
    assertThat(SpillwayRuntime.monitor()).containsSame(plugin.monitor());
  }

  @Test
  void onLevelChange_sendFails_doesNotThrowIntoGcThread() {
    FakePluginContext ctx = init(new SparkConf(false));
    ctx.failSends = true;

    assertThatCode(() -> source.emit(minor(0, 1, 0.95))).doesNotThrowAnyException();
    assertThat(ctx.sent).isEmpty();
    assertThat(ctx.metrics.counter("pressure.levelChanges").getCount()).isEqualTo(1);
  }

  @Test
  void init_disabled_startsNothingAndReadsNormal() {
    FakePluginContext ctx = init(new SparkConf(false).set("spark.spillway.monitor.enabled", "false"));

    assertThat(source.isRunning()).isFalse();
    // only the retry after an out-of-memory failure, which does not need the monitor, registers metrics
    assertThat(ctx.metrics.getMetrics().keySet()).isNotEmpty().allMatch(k -> k.startsWith("oomRetry."));
    assertThat(SpillwayRuntime.pressure()).isSameAs(PressureSnapshot.IDLE);
  }

  @Test
  void init_badValue_failsWithMessage() {
    SparkConf bad = new SparkConf(false).set("spark.spillway.monitor.gcWindow", "forever");
    assertThatThrownBy(() -> init(bad))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("Invalid Spillway setting spark.spillway.monitor.gcWindow=forever: expected a duration");
    assertThat(source.isRunning()).isFalse();
  }

  @Test
  void shutdown_stopsSourceAndUninstallsMonitor() {
    init(new SparkConf(false));
    source.emit(minor(0, 1, 0.95));

    plugin.shutdown();

    assertThat(source.isRunning()).isFalse();
    assertThat(SpillwayRuntime.monitor()).isEmpty();
    assertThat(SpillwayRuntime.pressureLevel()).isEqualTo(PressureLevel.NORMAL);
  }
}

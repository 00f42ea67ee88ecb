package io.spillway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spillway.runtime.pressure.PressureLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin inside a real local-mode SparkContext (driver and executor plugin share the JVM): the real
 * JMX source, {@code PluginContext.send} over Spark's RPC, the listener bus and the event log.
 */
class SpillwayPluginLocalModeTest {

  private static SparkConf conf() {
    return new SparkConf(false)
        .setMaster("local[1]")
        .setAppName("spillway-plugin-test")
        .set("spark.plugins", SpillwayPlugin.class.getName())
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "localhost");
  }

  @Test
  void sparkContext_badSpillwayValue_failsStartWithMessage() {
    SparkConf bad = conf().set("spark.spillway.monitor.gcWindow", "forever");
    assertThatThrownBy(() -> new SparkContext(bad))
        .hasStackTraceContaining("Invalid Spillway setting spark.spillway.monitor.gcWindow=forever: expected a duration");
    assertThat(SpillwayRuntime.monitor()).isEmpty();
  }

  @Test
  void sparkContext_levelChange_reachesDriverRegistryListenersAndEventLog(@TempDir Path eventLogDir) throws Exception {
    // Any old-gen data at all enters ELEVATED, so the collection System.gc() forces is a level change.
    SparkConf c = conf()
        .set("spark.spillway.monitor.elevatedOccupancyRatio", "0.000001")
        .set("spark.spillway.monitor.elevatedOccupancyExitRatio", "0")
        .set("spark.eventLog.enabled", "true")
        .set("spark.eventLog.compress", "false")
        .set("spark.eventLog.dir", eventLogDir.toUri().toString());
    FirstPressureEvent.reset();
    SparkContext sc = new SparkContext(c.set("spark.extraListeners", FirstPressureEvent.class.getName()));
    try {
      assertThat(SpillwayRuntime.monitor()).isPresent();
      assertThat(SpillwayRuntime.driverRegistry()).isPresent();

      System.gc();
      PressureLevelChangedEvent e = FirstPressureEvent.first.get(60, TimeUnit.SECONDS);

      assertThat(e.getExecutorId()).isEqualTo(sc.env().executorId());
      assertThat(e.getFromLevel()).isEqualTo(PressureLevel.NORMAL);
      assertThat(e.getToLevel()).isGreaterThanOrEqualTo(PressureLevel.ELEVATED);
      // with an exit ratio of 0 the level cannot fall back below ELEVATED
      assertThat(SpillwayRuntime.driverRegistry().orElseThrow().level(e.getExecutorId()))
          .isGreaterThanOrEqualTo(PressureLevel.ELEVATED);
      assertThat(SpillwayRuntime.pressureLevel()).isGreaterThanOrEqualTo(PressureLevel.ELEVATED);
    } finally {
      sc.stop();
    }
    assertThat(SpillwayRuntime.monitor()).isEmpty();
    assertThat(eventLog(eventLogDir)).contains("\"Event\":\"io.spillway.runtime.PressureLevelChangedEvent\"");
  }

  /**
   * Registered through {@code spark.extraListeners}, so it is on the bus before the executor plugin
   * starts and sees the very first change (even one caused by a collection during start-up).
   */
  public static final class FirstPressureEvent extends SparkListener {
    static volatile CompletableFuture<PressureLevelChangedEvent> first = new CompletableFuture<>();

    static void reset() {
      first = new CompletableFuture<>();
    }

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
      if (event instanceof PressureLevelChangedEvent e) {
        first.complete(e);
      }
    }
  }

  /** Every event-log file under {@code dir}, concatenated (Spark 4 rolls event logs into a directory by default). */
  private static String eventLog(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> logs = files.filter(Files::isRegularFile).sorted().toList();
      assertThat(logs).as("event log files under %s", dir).isNotEmpty();
      StringBuilder all = new StringBuilder();
      for (Path log : logs) {
        all.append(Files.readString(log, StandardCharsets.UTF_8));
      }
      return all.toString();
    }
  }
}

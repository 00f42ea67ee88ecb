package io.spillway.runtime;

import static io.spillway.runtime.pressure.PressureLevel.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spillway.runtime.config.InvalidConfigException;
import io.spillway.runtime.oomretry.ExecutorRunningOut;
import io.spillway.runtime.oomretry.OomAttempt;
import io.spillway.runtime.oomretry.RetryAnswer;
import io.spillway.runtime.oomretry.RetryQuery;
import io.spillway.runtime.tiered.TieredStoreStageEvent;
import io.spillway.runtime.tiered.TieredStoreTaskStats;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpillwayDriverPluginTest {

  private final SpillwayDriverPlugin plugin = new SpillwayDriverPlugin();
  private final List<SparkListenerEvent> posted = new ArrayList<>();

  @BeforeEach
  void start() {
    plugin.start(new SparkConf(false), posted::add);
  }

  @AfterEach
  void stop() {
    plugin.shutdown();
  }

  private static ExecutorPressureRegistry registry() {
    return SpillwayRuntime.driverRegistry().orElseThrow();
  }

  @Test
  void receive_levelChange_updatesRegistryAndPostsEvent() {
    PressureLevelChanged change = new PressureLevelChanged("3", NORMAL, HIGH, 1_000L, 0.82, 0.12);

    assertThat(plugin.receive(change)).isNull();

    assertThat(registry().level("3")).isEqualTo(HIGH);
    assertThat(registry().level("4")).isEqualTo(NORMAL);
    assertThat(posted).containsExactly(new PressureLevelChangedEvent("3", NORMAL, HIGH, 1_000L, 0.82, 0.12));
    assertThat(posted.get(0).logEvent()).isTrue();
  }

  @Test
  void receive_oomRetryMessages_areAnsweredFromTheRecord() {
    OomAttempt threw = new OomAttempt(4, 0, 3, 0, 10L, "1", "java.lang.OutOfMemoryError: Java heap space");

    assertThat(plugin.receive(new ExecutorRunningOut(threw))).isEqualTo(Boolean.TRUE);

    assertThat(plugin.receive(new RetryQuery("2", 4, 0, 3, 1, 10L)))
        .isInstanceOfSatisfying(RetryAnswer.class, a -> assertThat(a.priorOoms()).isEqualTo(1));
  }

  @Test
  void receive_oomRetryOff_answersNothing() {
    SpillwayDriverPlugin off = new SpillwayDriverPlugin();
    off.start(new SparkConf(false).set("spark.spillway.oomRetry.enabled", "false"), posted::add);
    try {
      assertThat(off.receive(new RetryQuery("2", 4, 0, 3, 1, 10L))).isNull();
      OomAttempt threw = new OomAttempt(4, 0, 3, 0, 10L, "1", "java.lang.OutOfMemoryError: Java heap space");
      assertThat(off.receive(new ExecutorRunningOut(threw))).isEqualTo(Boolean.FALSE);
    } finally {
      off.shutdown();
    }
  }

  @Test
  void receive_staleChange_isIgnored() {
    plugin.receive(new PressureLevelChanged("3", HIGH, CRITICAL, 2_000L, 0.95, 0.3));
    plugin.receive(new PressureLevelChanged("3", NORMAL, HIGH, 1_000L, 0.82, 0.1));

    assertThat(registry().level("3")).isEqualTo(CRITICAL);
    assertThat(posted).hasSize(1);
  }

  @Test
  void receive_severalExecutors_trackedSeparately() {
    plugin.receive(new PressureLevelChanged("1", NORMAL, ELEVATED, 1_000L, 0.71, 0.0));
    plugin.receive(new PressureLevelChanged("2", NORMAL, CRITICAL, 1_000L, 0.95, 0.6));
    registry().remove("1");

    assertThat(registry().levels()).containsOnlyKeys("2").containsEntry("2", CRITICAL);
      }

  @Test
  void receive_actionTaken_postsActionEventAndLeavesRegistryAlone() {
    PressureActionTaken action = new PressureActionTaken("3", "fetchThrottle", HIGH, true, "tightened", 2_000L);

    assertThat(plugin.receive(action)).isNull();

    assertThat(posted).containsExactly(new PressureActionEvent("3", "fetchThrottle", HIGH, true, "tightened", 2_000L));
    assertThat(posted.get(0).logEvent()).isTrue();
    assertThat(registry().levels()).isEmpty();
  }

  @Test
  void receive_tieredStoreTaskStats_postedPerStageAttemptAtShutdown() {
    plugin.receive(new TieredStoreTaskStats(3, 0, 0, 11L, 10, 4, 1, 5, 2, 512, 256, 1));
    plugin.receive(new TieredStoreTaskStats(3, 0, 1, 12L, 10, 6, 0, 4, 0, 0, 0, 0));

    plugin.shutdown();

    assertThat(posted).singleElement().isInstanceOfSatisfying(TieredStoreStageEvent.class, e -> {
      assertThat(e.getStats().tasks()).isEqualTo(2);
      assertThat(e.getStats().heapHits()).isEqualTo(10);
      assertThat(e.getStats().bytesWrittenOffHeap()).isEqualTo(512);
    });
  }

  @Test
  void receive_unknownMessage_isRejected() {
    assertThatThrownBy(() -> plugin.receive("hello"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String");
  }

  @Test
  void start_badValue_failsWithKeyValueAndRange() {
    SpillwayDriverPlugin other = new SpillwayDriverPlugin();
    SparkConf bad = new SparkConf(false).set("spark.spillway.monitor.criticalGcTimeRatio", "-1");
    assertThatThrownBy(() -> other.start(bad, e -> {}))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("Invalid Spillway setting spark.spillway.monitor.criticalGcTimeRatio=-1: expected a number in [0.0, 1.0]");
  }
}

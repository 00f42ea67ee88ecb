package io.spillway.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spillway.runtime.pressure.PressureSettings;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SpillwayConfMonitorTest {

  private static SparkConf conf(String... keyValues) {
    SparkConf c = new SparkConf(false);
    for (int i = 0; i < keyValues.length; i += 2) {
      c.set(keyValues[i], keyValues[i + 1]);
    }
    return c;
  }

  @Test
  void validate_defaults_pass() {
    assertThatCode(() -> SpillwayConf.validate(conf())).doesNotThrowAnyException();
  }

  @Test
  void validate_ratioOutOfRange_namesKeyValueAndRange() {
    assertThatThrownBy(() -> SpillwayConf.validate(conf("spark.spillway.monitor.highOccupancyRatio", "1.5")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("Invalid Spillway setting spark.spillway.monitor.highOccupancyRatio=1.5: expected a number in [0.0, 1.0]");
  }

  @Test
  void validate_exitNotBelowEnter_explainsFlapping() {
    assertThatThrownBy(() -> SpillwayConf.validate(conf("spark.spillway.monitor.highOccupancyExitRatio", "0.8")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("Invalid Spillway setting spark.spillway.monitor.highOccupancyExitRatio=0.8: expected a value below "
            + "spark.spillway.monitor.highOccupancyRatio (0.8) because an exit threshold must be below its enter threshold, "
            + "or the level flaps");
  }

  @Test
  void validate_levelsOutOfOrder_isRejected() {
    assertThatThrownBy(() -> SpillwayConf.validate(conf("spark.spillway.monitor.elevatedGcTimeRatio", "0.3")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("spark.spillway.monitor.elevatedGcTimeRatio=0.3")
        .hasMessageContaining("below spark.spillway.monitor.highGcTimeRatio (0.25) because levels are ordered");
  }

  @Test
  void validate_ineffectiveCountsOutOfOrder_isRejected() {
    assertThatThrownBy(() -> SpillwayConf.validate(conf("spark.spillway.monitor.ineffectiveFullGcsForHigh", "3")))
        .hasMessageContaining("ineffectiveFullGcsForHigh=3: expected a value at most spark.spillway.monitor.ineffectiveFullGcsForCritical (2)");
  }

  @Test
  void validate_consistentRaisedThresholds_pass() {
    SparkConf c = conf("spark.spillway.monitor.criticalOccupancyRatio", "0.97",
        "spark.spillway.monitor.criticalOccupancyExitRatio", "0.93",
        "spark.spillway.monitor.highOccupancyRatio", "0.9");
    assertThatCode(() -> SpillwayConf.validate(c)).doesNotThrowAnyException();
    assertThat(PressureSettings.from(c).occupancy().critical().enterRatio()).isEqualTo(0.97);
  }

  @Test
  void validate_unknownMonitorKey_isRejected() {
    assertThatThrownBy(() -> SpillwayConf.validate(conf("spark.spillway.monitor.enable", "true")))
        .hasMessageContaining("spark.spillway.monitor.enable=true: expected a known Spillway key");
  }

  @Test
  void from_durations_parsedSparkStyle() {
    PressureSettings s = PressureSettings.from(conf("spark.spillway.monitor.gcWindow", "30s", "spark.spillway.monitor.minDwell", "500ms"));
    assertThat(s.gcWindowNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(30));
    assertThat(s.minDwellNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
  }

  @Test
  void effectiveSettings_marksDefaultsAndShowsSetValues() {
    var settings = SpillwayConf.effectiveSettings(conf("spark.spillway.monitor.enabled", "false"));
    assertThat(settings).containsEntry("spark.spillway.monitor.enabled", "false")
        .containsEntry("spark.spillway.monitor.gcWindow", "10s (default)");
    assertThat(settings.keySet()).hasSameSizeAs(SpillwayConf.entries());
  }
}

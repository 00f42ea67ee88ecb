package io.spillway.storage.tiered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spillway.runtime.config.InvalidConfigException;
import io.spillway.runtime.config.SpillwayConf;
import io.spillway.runtime.pressure.PressureLevel;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class TieredStoreConfigTest {

  @Test
  void fromSparkConf_defaults_boundShrinksWithEachLevel() {
    TieredStoreConfig c = TieredStoreConfig.fromSparkConf(new SparkConf(false), 1_000_000L);

    assertThat(c.heapMaxBytesAt(PressureLevel.NORMAL)).isEqualTo(100_000L);
    assertThat(c.heapMaxBytesAt(PressureLevel.ELEVATED)).isEqualTo(50_000L);
    assertThat(c.heapMaxBytesAt(PressureLevel.HIGH)).isEqualTo(12_500L);
    assertThat(c.heapMaxBytesAt(PressureLevel.CRITICAL)).isZero();
    assertThat(c.firstMapEntries()).isEqualTo(65_536L);
  }

  @Test
  void fromSparkConf_keysSet_areRead() {
    SparkConf conf = new SparkConf(false)
        .set("spark.spillway.tiered.heapRatio", "0.2")
        .set("spark.spillway.tiered.highHeapShare", "0.25")
        .set("spark.spillway.tiered.firstMapEntries", "1000");
    SpillwayConf.validate(conf);

    TieredStoreConfig c = TieredStoreConfig.fromSparkConf(conf, 1_000_000L);

    assertThat(c.heapMaxBytes()).isEqualTo(200_000L);
    assertThat(c.heapMaxBytesAt(PressureLevel.HIGH)).isEqualTo(50_000L);
    assertThat(c.firstMapEntries()).isEqualTo(1000L);
  }

  @Test
  void validate_sharesGrowingWithPressure_areRejectedNamingTheKey() {
    SparkConf conf = new SparkConf(false).set("spark.spillway.tiered.criticalHeapShare", "0.5");

    assertThatThrownBy(() -> SpillwayConf.validate(conf)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("spark.spillway.tiered.criticalHeapShare");
    assertThatThrownBy(() -> new TieredStoreConfig(100, 0.5, 0.1, 0.2, 16))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not grow with pressure");
  }
}

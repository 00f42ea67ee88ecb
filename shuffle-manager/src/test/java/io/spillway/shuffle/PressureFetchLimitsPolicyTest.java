package io.spillway.shuffle;

import static io.spillway.runtime.pressure.PressureLevel.CRITICAL;
import static io.spillway.runtime.pressure.PressureLevel.ELEVATED;
import static io.spillway.runtime.pressure.PressureLevel.HIGH;
import static io.spillway.runtime.pressure.PressureLevel.NORMAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.pressure.PressureLevel;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class PressureFetchLimitsPolicyTest {

  private static final long MIB = 1L << 20;

  private final AtomicReference<PressureLevel> level = new AtomicReference<>(NORMAL);
  private final PressureFetchLimitsPolicy policy = new PressureFetchLimitsPolicy(level::get);
  private final ReadRange range = new ReadRange(0, 0, Integer.MAX_VALUE, 0, 1);

  private FetchLimits at(PressureLevel l, FetchLimits configured) {
    level.set(l);
    return policy.limitsFor(range, null, configured);
  }

  @Test
  void limitsFor_normal_returnsConfiguredInstance() {
    FetchLimits configured = FetchLimits.builder().build();
    assertThat(at(NORMAL, configured)).isSameAs(configured);
  }

  @Test
  void limitsFor_sparkDefaults_lowerEachLevelByItsFactorAndCap() {
    FetchLimits stock = FetchLimits.builder().build(); // 48 MiB, unlimited requests, 200 MiB to memory

    FetchLimits elevated = at(ELEVATED, stock);
    FetchLimits high = at(HIGH, stock);
    FetchLimits critical = at(CRITICAL, stock);

    assertThat(elevated.maxBytesInFlight()).isEqualTo(24 * MIB);
    assertThat(elevated.fetchToDiskThresholdBytes()).isEqualTo(100 * MIB);
    assertThat(elevated.maxRequestsInFlight()).isEqualTo(32);
    assertThat(high.maxBytesInFlight()).isEqualTo(12 * MIB);
    assertThat(high.fetchToDiskThresholdBytes()).isEqualTo(50 * MIB);
    assertThat(high.maxRequestsInFlight()).isEqualTo(8);
    assertThat(critical.maxBytesInFlight()).isEqualTo(6 * MIB);
    assertThat(critical.fetchToDiskThresholdBytes()).isEqualTo(25 * MIB);
    assertThat(critical.maxRequestsInFlight()).isEqualTo(2);
  }

  @Test
  void limitsFor_critical_neverBelowFloors() {
    FetchLimits small = FetchLimits.builder().maxBytesInFlight(16 * MIB).fetchToDiskThresholdBytes(4 * MIB).build();

    FetchLimits critical = at(CRITICAL, small);

    assertThat(critical.maxBytesInFlight()).isEqualTo(PressureFetchLimitsPolicy.MIN_BYTES_IN_FLIGHT_BYTES);
    assertThat(critical.fetchToDiskThresholdBytes()).isEqualTo(PressureFetchLimitsPolicy.MIN_FETCH_TO_DISK_THRESHOLD_BYTES);
  }

  @Test
  void limitsFor_configuredBelowFloor_isNeverRaised() {
    FetchLimits tiny = FetchLimits.builder().maxBytesInFlight(MIB).fetchToDiskThresholdBytes(512 * 1024).maxRequestsInFlight(1).build();

    FetchLimits high = at(HIGH, tiny);

    assertThat(high.maxBytesInFlight()).isEqualTo(MIB);
    assertThat(high.fetchToDiskThresholdBytes()).isEqualTo(512 * 1024);
    assertThat(high.maxRequestsInFlight()).isEqualTo(1);
  }

  @Test
  void limitsFor_keepsSettingsItDoesNotThrottle() {
    FetchLimits configured = FetchLimits.builder().maxBlocksInFlightPerAddress(7).checksumAlgorithm("CRC32").build();

    FetchLimits high = at(HIGH, configured);

    assertThat(high.maxBlocksInFlightPerAddress()).isEqualTo(7);
    assertThat(high.checksumAlgorithm()).isEqualTo("CRC32");
    assertThat(high.detectCorrupt()).isEqualTo(configured.detectCorrupt());
  }

  @Test
  void fromConf_controlOff_usesSparkConfiguredLimits() {
    SparkConf off = new SparkConf(false).set("spark.spillway.control.enabled", "false");
    assertThat(ShuffleExtensions.fromConf(off, false).fetchLimitsPolicy()).isSameAs(FetchLimitsPolicy.SPARK_CONFIGURED);
    assertThat(ShuffleExtensions.fromConf(off.clone().set("spark.spillway.control.fetchThrottle.enabled", "true"), false)
        .fetchLimitsPolicy()).isSameAs(FetchLimitsPolicy.SPARK_CONFIGURED);
  }

  @Test
  void fromConf_defaults_pressurePolicyCheckpointingWritersAndPressureSorts() {
    ShuffleExtensions ext = ShuffleExtensions.fromConf(new SparkConf(false), false);

    assertThat(ext.fetchLimitsPolicy()).isInstanceOf(PressureFetchLimitsPolicy.class);
    assertThat(ext.writerDecorator()).isInstanceOf(CheckpointingWriterDecorator.class);
    assertThat(ext.sortUnderPressure()).isNotSameAs(ShuffleExtensions.NEVER);
  }

  @Test
  void fromConf_controlOn_usesPressurePolicyUnlessItsSwitchIsOff() {
    SparkConf on = new SparkConf(false).set("spark.spillway.control.enabled", "true");
    assertThat(ShuffleExtensions.fromConf(on, false).fetchLimitsPolicy()).isInstanceOf(PressureFetchLimitsPolicy.class);

    on.set("spark.spillway.control.fetchThrottle.enabled", "false");
    assertThat(ShuffleExtensions.fromConf(on, false).fetchLimitsPolicy()).isSameAs(FetchLimitsPolicy.SPARK_CONFIGURED);
  }
}

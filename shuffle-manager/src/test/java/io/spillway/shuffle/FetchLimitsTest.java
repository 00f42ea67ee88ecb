package io.spillway.shuffle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FetchLimitsTest {

  @Test
  void builder_defaults_areSparksBuiltInDefaults() {
    FetchLimits limits = FetchLimits.builder().build();

    assertThat(limits.maxBytesInFlight()).isEqualTo(48L << 20);
    assertThat(limits.maxRequestsInFlight()).isEqualTo(Integer.MAX_VALUE);
    assertThat(limits.maxBlocksInFlightPerAddress()).isEqualTo(Integer.MAX_VALUE);
    assertThat(limits.fetchToDiskThresholdBytes()).isEqualTo(200L << 20);
    assertThat(limits.maxAttemptsOnNettyOom()).isEqualTo(10);
    assertThat(limits.detectCorrupt()).isTrue();
    assertThat(limits.detectCorruptUseExtraMemory()).isFalse();
    assertThat(limits.checksumEnabled()).isTrue();
    assertThat(limits.checksumAlgorithm()).isEqualTo("ADLER32");
  }

  @Test
  void maxBytesInFlight_zero_rejectedNamingSettingAndValue() {
    assertThatThrownBy(() -> FetchLimits.builder().maxBytesInFlight(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytesInFlight must be positive but was 0");
  }

  @Test
  void fetchToDiskThresholdBytes_negative_rejected() {
    assertThatThrownBy(() -> FetchLimits.builder().fetchToDiskThresholdBytes(-1))
        .hasMessage("fetchToDiskThresholdBytes must be positive but was -1");
  }

  @Test
  void checksumAlgorithm_unknown_rejectedListingTheAcceptedOnes() {
    assertThatThrownBy(() -> FetchLimits.builder().checksumAlgorithm("md5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("checksumAlgorithm must be one of")
        .hasMessageContaining("CRC32C")
        .hasMessageEndingWith("but was md5");
  }

  @Test
  void checksumAlgorithm_lowerCase_normalizedLikeSpark() {
    assertThat(FetchLimits.builder().checksumAlgorithm("crc32c").build().checksumAlgorithm()).isEqualTo("CRC32C");
  }

  @Test
  void toBuilder_roundTrip_equalsOriginal() {
    FetchLimits limits = FetchLimits.builder().maxBytesInFlight(1 << 20).maxRequestsInFlight(3)
        .maxBlocksInFlightPerAddress(4).fetchToDiskThresholdBytes(5 << 20).maxAttemptsOnNettyOom(2)
        .detectCorrupt(false).detectCorruptUseExtraMemory(true).checksumEnabled(false).checksumAlgorithm("CRC32")
        .build();

    assertThat(limits.toBuilder().build()).isEqualTo(limits).hasSameHashCodeAs(limits);
    assertThat(limits.toBuilder().maxRequestsInFlight(9).build()).isNotEqualTo(limits);
  }
}

package io.spillway.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigEntryDurationTest {

  private final ConfigEntry<Long> entry =
      ConfigEntry.durationMillis(SpillwayConf.PREFIX + "test.duration", 1_000L, 0L, 86_400_000L).doc("test").build();

  @Test
  void renderMillis_usesLargestExactUnit() {
    assertThat(ConfigEntry.renderMillis(10_000)).isEqualTo("10s");
    assertThat(ConfigEntry.renderMillis(600_000)).isEqualTo("10min");
    assertThat(ConfigEntry.renderMillis(7_200_000)).isEqualTo("2h");
    assertThat(ConfigEntry.renderMillis(1_500)).isEqualTo("1500ms");
    assertThat(ConfigEntry.renderMillis(0)).isEqualTo("0ms");
  }

  @Test
  void parse_readsBackRenderedValue() {
    for (long millis : new long[] {0, 1, 999, 1_000, 1_500, 60_000, 90_000, 3_600_000, 86_400_000}) {
      assertThat(entry.parse(entry.render(millis))).as("round trip of %d ms", millis).isEqualTo(millis);
    }
  }
}

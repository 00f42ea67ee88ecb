package io.spillway.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Sizes and durations read as Spark reads its own keys: a plain size is bytes, a plain duration milliseconds. */
class ConfigUnitsCompatTest {

  @Test
  void bytes_sparkSuffixes() {
    assertThat(ConfigUnitsCompat.bytes("512k")).isEqualTo(512L * 1024);
    assertThat(ConfigUnitsCompat.bytes("64m")).isEqualTo(64L << 20);
    assertThat(ConfigUnitsCompat.bytes("1g")).isEqualTo(1L << 30);
    assertThat(ConfigUnitsCompat.bytes("123")).isEqualTo(123);
  }

  @Test
  void millis_sparkSuffixes() {
    assertThat(ConfigUnitsCompat.millis("500ms")).isEqualTo(500);
    assertThat(ConfigUnitsCompat.millis("10s")).isEqualTo(10_000);
    assertThat(ConfigUnitsCompat.millis("2min")).isEqualTo(120_000);
    assertThat(ConfigUnitsCompat.millis("250")).isEqualTo(250);
  }

  @Test
  void bytes_notASize_throws() {
    assertThatThrownBy(() -> ConfigUnitsCompat.bytes("lots")).isInstanceOf(NumberFormatException.class);
  }
}

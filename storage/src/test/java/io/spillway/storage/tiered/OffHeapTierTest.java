package io.spillway.storage.tiered;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffHeapTierTest {

  @TempDir
  Path dir;

  private static KeyBytes key(long k) {
    return new KeyBytes(ByteBuffer.allocate(8).putLong(k).array());
  }

  @Test
  void removeOrNull_keysNoMapHolds_skipMostMapsThroughTheirFilters() {
    try (OffHeapTier tier = new OffHeapTier(() -> dir.resolve("map-" + UUID.randomUUID()).toFile(), 1_024, "test")) {
      for (long k = 0; k < 20_000; k++) {
        tier.put(key(k), new byte[] {(byte) k});
      }
      assertThat(tier.maps()).as("chained maps sized for 1, 2, 4, 8 Ki entries").isGreaterThanOrEqualTo(4);

      for (long k = 1_000_000; k < 1_010_000; k++) {
        assertThat(tier.removeOrNull(key(k))).isNull();
      }

      // without filters: 10 000 lookups × every map; with them a few per cent false positives
      assertThat(tier.mapQueries()).isLessThan(10_000L * tier.maps() / 10);
    }
  }

  @Test
  void removeOrNull_everyKeyHeld_foundInItsMapOnce() {
    try (OffHeapTier tier = new OffHeapTier(() -> dir.resolve("map-" + UUID.randomUUID()).toFile(), 1_024, "test")) {
      for (long k = 0; k < 20_000; k++) {
        tier.put(key(k), ByteBuffer.allocate(8).putLong(k * 7).array());
      }
      for (long k = 0; k < 20_000; k++) {
        byte[] v = tier.removeOrNull(key(k));
        assertThat(v).as("key %d", k).isNotNull();
        assertThat(ByteBuffer.wrap(v).getLong()).isEqualTo(k * 7);
        assertThat(tier.removeOrNull(key(k))).as("removed").isNull();
      }
      assertThat(tier.entries()).isZero();
      assertThat(tier.filterBytes()).isPositive();
    }
  }
}

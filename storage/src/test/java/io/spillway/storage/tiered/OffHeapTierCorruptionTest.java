package io.spillway.storage.tiered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A byte of an off-heap map file changed between write and read (through the file, as another process or a disk
 * error would; the mapping is shared, so the map sees it): in a value or in a key, read back by lookup or by drain.
 * Every case fails with an error naming the file and its directory; none returns another value or another key.
 */
class OffHeapTierCorruptionTest {

  private static final int ENTRIES = 500;
  /** A value no other bytes of the file look like. */
  private static final byte[] MARKER = "spillway-marker-value-0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** A key whose bytes occur once in the file. */
  private static final long MARKED_KEY = 0x5A17_E0A5_C0FF_EE01L;

  @TempDir
  Path dir;

  private static KeyBytes key(long k) {
    return new KeyBytes(ByteBuffer.allocate(8).putLong(k).array());
  }

  private OffHeapTier filledTier() {
    OffHeapTier tier = new OffHeapTier(() -> dir.resolve("map-" + UUID.randomUUID()).toFile(), 4_096, "task 9 (stage 2.0)");
    for (long k = 0; k < ENTRIES; k++) {
      tier.put(key(k), ByteBuffer.allocate(8).putLong(k * 3).array());
    }
    tier.put(key(MARKED_KEY), MARKER);
    return tier;
  }

  /** Flips one bit of the first occurrence of {@code pattern} in {@code file}, {@code offset} bytes into it. */
  private static void flipIn(File file, byte[] pattern, int offset) throws IOException {
    byte[] all = Files.readAllBytes(file.toPath());
    int at = indexOf(all, pattern);
    assertThat(at).as("pattern found in the map file").isNotNegative();
    assertThat(indexOf(java.util.Arrays.copyOfRange(all, at + 1, all.length), pattern)).as("pattern occurs once").isNegative();
    try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
      raf.seek(at + offset);
      int b = raf.read();
      raf.seek(at + offset);
      raf.write(b ^ 0x04);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void removeOrNull_valueByteFlipped_failsNamingTheFile() throws IOException {
    try (OffHeapTier tier = filledTier()) {
      File file = tier.files().get(0);
      flipIn(file, MARKER, 7);

      assertThatThrownBy(() -> tier.removeOrNull(key(MARKED_KEY)))
          .isInstanceOf(EntryCheck.CorruptEntryException.class)
          .hasMessageContaining("off-heap map file " + file.getName() + " (directory " + dir + ") of task 9 (stage 2.0)")
          .hasMessageContaining("CRC-32C");
    }
  }

  @Test
  void drain_valueByteFlipped_failsBeforeHandingOutTheEntry() throws IOException {
    try (OffHeapTier tier = filledTier()) {
      flipIn(tier.files().get(0), MARKER, 0);

      assertThatThrownBy(() -> drainAll(tier)).isInstanceOf(EntryCheck.CorruptEntryException.class);
    }
  }

  @Test
  void drain_keyByteFlipped_failsInsteadOfReturningAnotherKey() throws IOException {
    try (OffHeapTier tier = filledTier()) {
      flipIn(tier.files().get(0), ByteBuffer.allocate(8).putLong(MARKED_KEY).array(), 5);

      assertThat(tier.removeOrNull(key(MARKED_KEY))).as("the altered key is not found by its old bytes").isNull();
      assertThatThrownBy(() -> drainAll(tier)).isInstanceOf(EntryCheck.CorruptEntryException.class)
          .hasMessageContaining("8 key bytes and " + MARKER.length + " value bytes");
    }
  }

  @Test
  void drain_nothingAltered_everyEntryAsWritten() {
    try (OffHeapTier tier = filledTier()) {
      assertThat(drainAll(tier)).isEqualTo(ENTRIES + 1);
    }
  }

  private static int drainAll(OffHeapTier tier) {
    int n = 0;
    for (Iterator<Map.Entry<byte[], byte[]>> it = tier.drain(); it.hasNext(); ) {
      Map.Entry<byte[], byte[]> e = it.next();
      long k = ByteBuffer.wrap(e.getKey()).getLong();
      if (k == MARKED_KEY) {
        assertThat(e.getValue()).isEqualTo(MARKER);
      } else {
        assertThat(ByteBuffer.wrap(e.getValue()).getLong()).as("value of key %d", k).isEqualTo(k * 3);
      }
      n++;
    }
    return n;
  }
}

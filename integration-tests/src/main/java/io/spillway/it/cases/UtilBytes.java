package io.spillway.it.cases;

/**
 * Large deterministic byte values (cases S7 and S11) and their content checksum. A value of
 * {@code lengthBytes} for {@code seed} is the little-endian words {@code hash(seed, j)}; its checksum is
 * the sum of {@code mix64(word_j + j)}, so that a flipped, lost or reordered word changes it. Why the
 * checksum has a streaming twin ({@link #expectedChecksum}): the driver must compute a case's expected
 * answer over gigabytes of values without ever allocating them.
 */
public final class UtilBytes {

  /** Values are made of whole 64-bit words. */
  public static final int WORD_BYTES = Long.BYTES;

  private UtilBytes() {}

  /** A new value of {@code lengthBytes} (a positive multiple of 8) for {@code seed}. */
  public static byte[] generate(long seed, int lengthBytes) {
    checkLength(lengthBytes);
    byte[] out = new byte[lengthBytes];
    int words = lengthBytes / WORD_BYTES;
    for (int j = 0; j < words; j++) {
      long w = UtilHash.hash(seed, j);
      int o = j * WORD_BYTES;
      for (int b = 0; b < WORD_BYTES; b++) {
        out[o + b] = (byte) (w >>> (8 * b));
      }
    }
    return out;
  }

  /** The checksum of a value's content, read word by word. */
  public static long checksum(byte[] value) {
    checkLength(value.length);
    long sum = 0;
    int words = value.length / WORD_BYTES;
    for (int j = 0; j < words; j++) {
      int o = j * WORD_BYTES;
      long w = 0;
      for (int b = WORD_BYTES - 1; b >= 0; b--) {
        w = (w << 8) | (value[o + b] & 0xFFL);
      }
      sum += UtilHash.mix64(w + j);
    }
    return sum;
  }

  /** What {@link #checksum} returns for {@code generate(seed, lengthBytes)}, without allocating the value. */
  public static long expectedChecksum(long seed, int lengthBytes) {
    checkLength(lengthBytes);
    long sum = 0;
    int words = lengthBytes / WORD_BYTES;
    for (int j = 0; j < words; j++) {
      sum += UtilHash.mix64(UtilHash.hash(seed, j) + j);
    }
    return sum;
  }

  private static void checkLength(int lengthBytes) {
    if (lengthBytes <= 0 || lengthBytes % WORD_BYTES != 0) {
      throw new IllegalArgumentException("value length must be a positive multiple of 8 bytes, was " + lengthBytes);
    }
  }
}

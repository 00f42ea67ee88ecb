package io.spillway.storage.tiered;

import java.util.Arrays;
import net.openhft.chronicle.algo.hashing.LongHashFunction;

/**
 * A serialized key as a map key: {@code byte[]} compares by identity, this by content. The array is
 * not copied; callers hand over ownership and must not change it afterwards.
 *
 * <p>The hash is xxHash over the bytes, computed once. {@code Arrays.hashCode} is not good enough here:
 * serialized keys are short and share their first bytes (a class tag, a length), and its polynomial
 * folds them onto few values — Kryo's encodings of the Longs 0..3 M give 253 000 distinct codes, up to
 * 18 keys each — so the heap tier's hash table grows long bins, and as this class is not
 * {@code Comparable}, a treeified bin is searched one node after another.
 */
final class KeyBytes {

  private static final LongHashFunction HASH = LongHashFunction.xx_r39();

  private final byte[] bytes;
  private final long hash64;
  private final int hash;

  KeyBytes(byte[] bytes) {
    this.bytes = bytes;
    this.hash64 = HASH.hashBytes(bytes);
    this.hash = (int) (hash64 ^ (hash64 >>> 32));
  }

  byte[] bytes() {
    return bytes;
  }

  /** The full 64-bit hash (the off-heap tier's key filters use it; {@link #hashCode} folds it). */
  long hash64() {
    return hash64;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof KeyBytes other && hash == other.hash && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "KeyBytes[" + bytes.length + " bytes]";
  }
}

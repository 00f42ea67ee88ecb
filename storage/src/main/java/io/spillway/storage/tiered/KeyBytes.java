package io.spillway.storage.tiered;

import java.util.Arrays;

/**
 * A serialized key as a map key: {@code byte[]} compares by identity, this by content. The array is
 * not copied; callers hand over ownership and must not change it afterwards.
 */
record KeyBytes(byte[] bytes) {

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyBytes other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "KeyBytes[" + bytes.length + " bytes]";
  }
}

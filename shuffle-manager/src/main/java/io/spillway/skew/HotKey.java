package io.spillway.skew;

import java.io.Serializable;

/**
 * What the planner decided for one hot key: how many buckets, which side is split (the one with more estimated
 * bytes) and the estimates behind the decision, kept for the driver's log line.
 */
final class HotKey implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int buckets;
  private final boolean saltedLeft;
  private final long leftBytes;
  private final long rightBytes;

  HotKey(int buckets, boolean saltedLeft, long leftBytes, long rightBytes) {
    if (buckets < 2) {
      throw new IllegalArgumentException("a hot key needs at least 2 buckets but got " + buckets);
    }
    this.buckets = buckets;
    this.saltedLeft = saltedLeft;
    this.leftBytes = leftBytes;
    this.rightBytes = rightBytes;
  }

  int buckets() {
    return buckets;
  }

  boolean saltedLeft() {
    return saltedLeft;
  }

  /** Estimated heap bytes of the key's values on the left side (0 when none were sampled). */
  long leftBytes() {
    return leftBytes;
  }

  /** Estimated heap bytes of the key's values on the right side (0 when none were sampled). */
  long rightBytes() {
    return rightBytes;
  }
}

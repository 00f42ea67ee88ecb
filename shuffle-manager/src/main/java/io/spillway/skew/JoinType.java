package io.spillway.skew;

/**
 * The four RDD join types, described by which sides keep their unmatched rows. The salted join needs this
 * vocabulary because a hot key is joined with a weaker type than the one requested: the replicated side always
 * joins INNER within a hot key (see {@link SaltedJoin}).
 */
enum JoinType {
  INNER(false, false),
  LEFT_OUTER(true, false),
  RIGHT_OUTER(false, true),
  FULL_OUTER(true, true);

  private final boolean keepsUnmatchedLeft;
  private final boolean keepsUnmatchedRight;

  JoinType(boolean keepsUnmatchedLeft, boolean keepsUnmatchedRight) {
    this.keepsUnmatchedLeft = keepsUnmatchedLeft;
    this.keepsUnmatchedRight = keepsUnmatchedRight;
  }

  boolean keepsUnmatchedLeft() {
    return keepsUnmatchedLeft;
  }

  boolean keepsUnmatchedRight() {
    return keepsUnmatchedRight;
  }

  /**
   * The type a hot key's buckets join with when {@code saltedLeft} says which side was split: the salted side
   * keeps its outer semantics (each of its rows sees all of the other side's rows of the key in its bucket), the
   * replicated side is INNER (one of its copies lands in every bucket, most of which it does not need; the salted
   * side has rows for the key by construction, so every replicated row still matches somewhere).
   */
  JoinType forHotKey(boolean saltedLeft) {
    if (saltedLeft) {
      return keepsUnmatchedLeft ? LEFT_OUTER : INNER;
    }
    return keepsUnmatchedRight ? RIGHT_OUTER : INNER;
  }

  /** The name of the RDD method, for log lines. */
  String methodName() {
    return switch (this) {
      case INNER -> "join";
      case LEFT_OUTER -> "leftOuterJoin";
      case RIGHT_OUTER -> "rightOuterJoin";
      case FULL_OUTER -> "fullOuterJoin";
    };
  }
}

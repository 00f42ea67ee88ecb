package io.spillway.skew;

import java.io.Serializable;
import java.util.Objects;

/**
 * The shuffle key of a salted join: the user's key, plus the bucket a hot key's row went to. Cold keys carry
 * bucket {@link #COLD} and stay one group, exactly as in Spark's join; a hot key becomes {@code n} groups
 * {@code (key, 0)} … {@code (key, n-1)}. {@code saltedLeft} (which side was split) is a function of the key, so
 * it takes no part in equality; it travels with the key so the reduce side needs no lookup in the plan.
 */
final class SaltedKey<K> implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Bucket of a key that is not salted. */
  static final int COLD = -1;

  private final K key;
  private final int bucket;
  private final boolean saltedLeft;

  SaltedKey(K key, int bucket, boolean saltedLeft) {
    this.key = key;
    this.bucket = bucket;
    this.saltedLeft = saltedLeft;
  }

  static <K> SaltedKey<K> cold(K key) {
    return new SaltedKey<>(key, COLD, false);
  }

  K key() {
    return key;
  }

  int bucket() {
    return bucket;
  }

  boolean isHot() {
    return bucket != COLD;
  }

  boolean saltedLeft() {
    return saltedLeft;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SaltedKey<?> other && bucket == other.bucket && Objects.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hashCode(key) + bucket;
  }

  @Override
  public String toString() {
    return isHot() ? "SaltedKey(" + KeyText.render(key) + ", bucket " + bucket + ")" : "SaltedKey(" + KeyText.render(key) + ")";
  }
}

package io.spillway.skew;

import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The hot keys of one join and their {@link HotKey} decisions; broadcast to the map tasks that tag rows. A
 * plain {@code HashMap} (null keys allowed, as Spark's join allows them) so that Java and Kryo serialization
 * both handle it.
 */
final class SaltPlan<K> implements Serializable {

  private static final long serialVersionUID = 1L;

  private final HashMap<K, HotKey> hotKeys;
  private final long bucketBytes;

  SaltPlan(Map<K, HotKey> hotKeys, long bucketBytes) {
    this.hotKeys = new HashMap<>(hotKeys);
    this.bucketBytes = bucketBytes;
  }

  /** The decision for {@code key}, or null when it is cold. */
  HotKey hotKey(K key) {
    return hotKeys.isEmpty() ? null : hotKeys.get(key);
  }

  Map<K, HotKey> hotKeys() {
    return Collections.unmodifiableMap(hotKeys);
  }

  boolean isEmpty() {
    return hotKeys.isEmpty();
  }

  /** The per-bucket target the bucket counts were derived from. */
  long bucketBytes() {
    return bucketBytes;
  }
}

package io.spillway.skew;

import org.apache.spark.Partitioner;

/**
 * Places {@link SaltedKey}s: a cold key where the caller's partitioner puts the key itself (so the cold part of
 * the join is partitioned as Spark's join would be), bucket {@code i} of a hot key {@code i} partitions further
 * on, wrapping around. Consecutive placement keeps a hot key's buckets in different reduce tasks while there
 * are no more buckets than partitions, which a hash of {@code (key, i)} would not promise.
 */
final class SaltedPartitioner extends Partitioner {

  private static final long serialVersionUID = 1L;

  private final Partitioner keys;

  SaltedPartitioner(Partitioner keys) {
    this.keys = keys;
  }

  @Override
  public int numPartitions() {
    return keys.numPartitions();
  }

  @Override
  public int getPartition(Object saltedKey) {
    SaltedKey<?> k = (SaltedKey<?>) saltedKey;
    int home = keys.getPartition(k.key());
    if (!k.isHot()) {
      return home;
    }
    return (int) ((home + (long) k.bucket()) % numPartitions());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SaltedPartitioner other && keys.equals(other.keys);
  }

  @Override
  public int hashCode() {
    return 31 * keys.hashCode() + 7;
  }
}

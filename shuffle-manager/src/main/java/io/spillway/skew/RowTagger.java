package io.spillway.skew;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import scala.Tuple2;

/**
 * Map side of the salted join, one partition of one side: turns each row's key into a {@link SaltedKey}.
 * <ul>
 *   <li>cold key: one row, bucket {@link SaltedKey#COLD};</li>
 *   <li>hot key, this side salted: one row, buckets dealt round-robin per key, starting at the partition's
 *       index so that partitions with few rows of the key do not all fill bucket 0. Deterministic for a given
 *       partition content, so a recomputed map task writes the same buckets;</li>
 *   <li>hot key, this side replicated: one copy of the row per bucket.</li>
 * </ul>
 */
final class RowTagger<K, V> implements Iterator<Tuple2<SaltedKey<K>, V>> {

  private final Iterator<Tuple2<K, V>> rows;
  private final SaltPlan<K> plan;
  private final boolean leftSide;
  private final int partitionIndex;
  private final Map<K, int[]> nextBucket = new HashMap<>();

  private K replicaKey;
  private V replicaValue;
  private boolean replicaSaltedLeft;
  private int replicaNext;
  private int replicaEnd;

  RowTagger(Iterator<Tuple2<K, V>> rows, SaltPlan<K> plan, boolean leftSide, int partitionIndex) {
    this.rows = rows;
    this.plan = plan;
    this.leftSide = leftSide;
    this.partitionIndex = partitionIndex;
  }

  @Override
  public boolean hasNext() {
    return replicaNext < replicaEnd || rows.hasNext();
  }

  @Override
  public Tuple2<SaltedKey<K>, V> next() {
    if (replicaNext < replicaEnd) {
      return new Tuple2<>(new SaltedKey<>(replicaKey, replicaNext++, replicaSaltedLeft), replicaValue);
    }
    if (!rows.hasNext()) {
      throw new NoSuchElementException();
    }
    Tuple2<K, V> row = rows.next();
    K key = row._1();
    HotKey hot = plan.hotKey(key);
    if (hot == null) {
      return new Tuple2<>(SaltedKey.cold(key), row._2());
    }
    if (hot.saltedLeft() == leftSide) {
      int[] bucket = nextBucket.computeIfAbsent(key, k -> new int[] {partitionIndex % hot.buckets()});
      int b = bucket[0];
      bucket[0] = (b + 1) % hot.buckets();
      return new Tuple2<>(new SaltedKey<>(key, b, hot.saltedLeft()), row._2());
    }
    replicaKey = key;
    replicaValue = row._2();
    replicaSaltedLeft = hot.saltedLeft();
    replicaNext = 1;
    replicaEnd = hot.buckets();
    return new Tuple2<>(new SaltedKey<>(key, 0, hot.saltedLeft()), replicaValue);
  }
}

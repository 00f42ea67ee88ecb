package io.spillway.shuffle.tiered;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import scala.Function2;
import scala.Product2;
import scala.Tuple2;

/**
 * Combiners too large for the tiered store, kept as objects on the heap for the rest of the read and
 * merged in place there — what Spark's own map does with every combiner, and all it could do with this
 * one: merging needs the whole combiner on the heap, and so does the job's next step.
 *
 * <p>Why not back into a Spark map: that map would spill the combiner whenever execution memory runs
 * short (Spillway's own balloon forces exactly that under pressure), and serializing one object of
 * millions of parts needs memory in proportion to them — Java serialization's handle table, Kryo's
 * reference map. S3 (one {@code HashSet} of ~7.9 M Longs) lost executors at 768 MiB and 1 GiB that way,
 * where stock Spark, which never spilled it, passed.
 *
 * <p>Keys are compared by their serialized bytes, as the store compares them, so a key is either here or in
 * the store, never both. Task thread only.
 */
final class PinnedCombiners<K, C> {

  private final Map<ByteBuffer, Tuple2<K, C>> byKey = new LinkedHashMap<>();
  private final Function2<C, C, C> mergeCombiners;

  PinnedCombiners(Function2<C, C, C> mergeCombiners) {
    this.mergeCombiners = mergeCombiners;
  }

  /** Pins {@code combiner} as {@code key}'s (serialized as {@code keyBytes}), which is in no store. */
  void pin(byte[] keyBytes, K key, C combiner) {
    byKey.put(ByteBuffer.wrap(keyBytes), new Tuple2<>(key, combiner));
  }

  /** Merges {@code combiner} into the pinned one of {@code keyBytes}; false if that key is not pinned. */
  boolean mergeIfPinned(byte[] keyBytes, C combiner) {
    if (byKey.isEmpty()) {
      return false;
    }
    ByteBuffer k = ByteBuffer.wrap(keyBytes);
    Tuple2<K, C> pinned = byKey.get(k);
    if (pinned == null) {
      return false;
    }
    byKey.put(k, new Tuple2<>(pinned._1(), mergeCombiners.apply(pinned._2(), combiner)));
    return true;
  }

  int size() {
    return byKey.size();
  }

  /** Every pinned (key, combiner) once, each released as it is returned. */
  Iterator<Product2<K, C>> drain() {
    Iterator<Tuple2<K, C>> it = byKey.values().iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Product2<K, C> next() {
        Tuple2<K, C> p = it.next();
        it.remove();
        return p;
      }
    };
  }
}

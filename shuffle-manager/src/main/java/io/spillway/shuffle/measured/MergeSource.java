package io.spillway.shuffle.measured;

import scala.Tuple2;

/**
 * What a {@link BoundedRunMerge} reads pairs from: a spilled run's cursor, or the map's own in-memory pairs
 * ({@link InMemoryRun}). Pairs come in ascending key-hash order, one per key.
 */
interface MergeSource<K, C> {

  boolean hasHead();

  /** The key hash of the head pair; only while {@link #hasHead}. */
  int headHash();

  /** Takes the head pair and moves to the next one. */
  Tuple2<K, C> take();

  /** Releases what the source holds (files, streams, memory), once drained or abandoned. */
  void finish();
}

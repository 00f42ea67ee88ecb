package io.spillway.shuffle.group;

import java.io.Serializable;

/**
 * The combiner {@link StreamingGrouping} uses in place of groupByKey's {@code CompactBuffer}: the group's
 * values on the heap while it is small, or the id of its spilled group in the task's
 * {@link io.spillway.storage.group.GroupSpillStore} once it has grown past the threshold.
 *
 * <p>Kept small on purpose (four fields): Spark's {@code ExternalAppendOnlyMap} holds one per key and
 * its size estimate, which decides when the map spills, counts them. Serializable by Java and Kryo
 * alike with its plain fields; a spilled group's values are not in it, only its id, which stays valid
 * in the same task.
 */
final class GroupCombiner implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The group's values while on the heap, in Spark's group buffer ({@code GroupBuffers}); null once spilled. */
  scala.collection.Seq<Object> heapValues;
  /** The group's id in the task's spill store, or -1 while on the heap. */
  long spilledGroupId = -1L;
  /** Heap value count at which the group's size is estimated next. */
  int nextSizeCheck;
  /** Serialized bytes of the values the group took (measured by the reader), on the heap or spilled. */
  long measuredBytes;

  boolean spilled() {
    return spilledGroupId >= 0;
  }
}

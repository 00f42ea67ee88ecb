package io.spillway.shuffle.group;

import java.io.Serializable;

/**
 * The combiner {@link CoGrouping} keeps per key in place of Spark's {@code Array[CompactBuffer]}: one
 * {@link GroupCombiner} per input, null while that input has no value for the key (most keys of a join have
 * values on one or two sides only, so empty groups are not allocated until the key is handed out).
 */
final class CoGroupCombiner implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Indexed by input; null where the input had no value for the key yet. */
  GroupCombiner[] groups;

  CoGroupCombiner(int inputs) {
    this.groups = new GroupCombiner[inputs];
  }
}

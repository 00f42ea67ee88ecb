package io.spillway.runtime.skew;

import java.io.Serializable;
import java.util.Objects;

/**
 * One heavy key as a map task saw it, in the form sent to the driver: its bounded rendering, not the key
 * itself (keys need not be Java-serializable, and the driver only reports them).
 *
 * @param rendered the key as the executor's key renderer renders it
 * @param keyHash the key's {@code hashCode}, so two keys that render alike are still told apart
 * @param reducePartition the reduce partition the key lands in
 * @param records estimated records of this key in the map task (an upper bound before sampling)
 * @param errorRecords how many of {@code records} may belong to keys this one replaced in the sketch
 * @param bytes estimated serialized bytes of its records
 */
public record SketchedKey(String rendered, int keyHash, int reducePartition, long records, long errorRecords, long bytes)
    implements Serializable {

  public SketchedKey {
    Objects.requireNonNull(rendered, "rendered");
  }

  /** The identity under which the driver adds up a key's counts from many map tasks. */
  Id id() {
    return new Id(rendered, keyHash, reducePartition);
  }

  /** Merge identity: rendering, hash and partition. */
  record Id(String rendered, int keyHash, int reducePartition) {}
}

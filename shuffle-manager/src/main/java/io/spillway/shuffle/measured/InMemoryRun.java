package io.spillway.shuffle.measured;

import io.spillway.storage.group.SpillFiles;
import java.util.Iterator;
import org.apache.spark.serializer.SerializerInstance;
import scala.Tuple2;

/**
 * The pairs a measured map still holds in memory when it is read, as one more source of its final merge,
 * instead of a run written only to be read back: Spark's own map merges its in-memory pairs the same way, and
 * writing them out cost a map that spilled once about a fifth more serialization and disk I/O.
 *
 * <p>The pairs stay in memory only while nobody needs it: {@link #spillRest} (the map's {@code forceSpill},
 * when another consumer of the task asks for memory, the control loop's balloon among them) writes what is left
 * to a {@link SpillRun} and goes on from there, as Spark's {@code SpillableIterator} does. Synchronized
 * because a spill may be asked for from another thread of the task.
 */
final class InMemoryRun<K, C> implements MergeSource<K, C> {

  private final SpillFiles files;
  private final SerializerInstance serializer;
  /** The map's pairs in key-hash order; null once written out or drained. */
  private Iterator<Tuple2<K, C>> sorted;
  /** Where the rest went when it was spilled. */
  private SpillRun.Cursor<K, C> spilled;
  private Tuple2<K, C> head;
  private final Runnable onDrained;
  private long spilledBytes;

  /**
   * @param sorted the map's pairs in ascending key-hash order (a destructive iterator of its memory)
   * @param onDrained called once when the pairs were all taken from memory, or abandoned ({@link #finish}): the
   *     map's memory can be given back. Not called by {@link #spillRest}, whose caller gives it back.
   */
  InMemoryRun(Iterator<Tuple2<K, C>> sorted, SpillFiles files, SerializerInstance serializer, Runnable onDrained) {
    this.sorted = sorted;
    this.files = files;
    this.serializer = serializer;
    this.onDrained = onDrained;
    advance();
  }

  @Override
  public synchronized boolean hasHead() {
    return head != null;
  }

  @Override
  public synchronized int headHash() {
    return BoundedRunMerge.hash(head._1());
  }

  @Override
  public synchronized Tuple2<K, C> take() {
    if (head == null) {
      throw new java.util.NoSuchElementException("the in-memory pairs are exhausted");
    }
    Tuple2<K, C> kc = head;
    advance();
    return kc;
  }

  private void advance() {
    if (spilled != null) {
      head = spilled.hasHead() ? spilled.take() : null;
    } else if (sorted != null && sorted.hasNext()) {
      head = sorted.next();
    } else {
      head = null;
      if (sorted != null) {
        sorted = null;
        onDrained.run();
      }
    }
  }

  /**
   * Writes the pairs not merged yet (all but the head) to a run and reads on from it; the caller then gives the
   * map's memory back (Spark's {@code Spillable.spill} does, after {@code forceSpill}).
   *
   * @return false when nothing was left in memory
   */
  synchronized boolean spillRest() {
    if (sorted == null || !sorted.hasNext()) {
      return false;
    }
    SpillRun run = SpillRun.write(sorted, files, serializer);
    sorted = null;
    spilled = run.open(files, serializer);
    spilledBytes += run.file.length();
    return true;
  }

  /** File bytes written by {@link #spillRest}. */
  synchronized long spilledBytes() {
    return spilledBytes;
  }

  @Override
  public synchronized void finish() {
    head = null;
    if (spilled != null) {
      spilled.finish();
      spilled = null;
    }
    if (sorted != null) {
      sorted = null;
      onDrained.run();
    }
  }
}

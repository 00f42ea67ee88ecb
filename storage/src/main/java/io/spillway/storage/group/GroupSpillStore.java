package io.spillway.storage.group;

import io.spillway.storage.io.CheckedChunkOutputStream;
import io.spillway.storage.io.CountingOutputStream;
import java.io.Closeable;
import java.io.File;
import java.io.FileOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.storage.BlockId;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * One task's groups of values that were too big to keep on the heap: each group is a list of segment
 * files of values serialized with the shuffle's own {@link SerializerInstance}, appended to while the
 * task groups records and read back, as often as asked, when user code iterates the group.
 *
 * <h2>Why segments</h2>
 * Spark's {@code ExternalAppendOnlyMap} spills its map, reads the spills back and merges the combiners
 * of one key from several spills. Merging two spilled groups here concatenates their segment lists —
 * no bytes are copied. A segment is closed before it is read or handed to another group, and a group
 * written to after it was read gets a new segment.
 *
 * <h2>Lifetime</h2>
 * The store belongs to one task attempt, is used on its thread only and is closed by a task-completion
 * listener (success, failure and kill alike), which deletes the files of every group still in it;
 * reading such a group after that fails with a message saying so. A group handed to user code
 * ({@link #handOut}) leaves the store with its files: Spark serializes a task's result only after the
 * task's completion listeners ran, so a collected group must still be readable then; its holder deletes
 * the files when it is no longer reachable, also when the task failed (a cached block may still hold it).
 *
 * <h2>Faults</h2>
 * Every segment is checked when it is read back against what was written to it ({@link SpillSegment}: length,
 * value count; under Spark's codec, each chunk of its bytes by a CRC-32C, {@link CheckedChunkOutputStream}), so
 * a truncated or altered file fails the reading task with a {@link SpillFileException} naming it, and Spark
 * retries the task; no altered byte reaches Spark's codec, whose native LZ4 decompressor could crash the JVM. A write that fails (a full disk) throws the
 * same exception, naming the file and its directory, and leaves the store refusing every later call until
 * {@link #close} deletes its files: nothing half-written is read back.
 *
 * <p>Open writers cost a buffer each (a chunk, {@link CheckedChunkOutputStream#CHUNK_BYTES}, plus the codec's); only groups past the
 * spill threshold have one, so their number is bounded by the data over the threshold.
 *
 * <h2>Why a segment ends after {@link #SEGMENT_BYTES}</h2>
 * An open serialization stream may keep what it wrote reachable: Java serialization's handle table holds
 * every object written until the stream resets, which Spark does every
 * {@code spark.serializer.objectStreamReset} (100) objects. With multi-MiB values that is hundreds of MiB
 * held by writers of groups that were spilled to free the heap (suite case S11: 8 MiB values). Closing the
 * segment once {@link #SEGMENT_BYTES} were written through it bounds what each open writer can pin.
 */
public final class GroupSpillStore implements Closeable {

  /**
   * Serialized bytes after which a segment is closed (the next value starts a new one): what one open
   * writer may keep reachable, at the cost of a file per 4 MiB of a group.
   */
  static final long SEGMENT_BYTES = 4L << 20;

  private final SpillFiles files;
  private final SerializerInstance serializer;
  private final String owner;
  private final Map<Long, Group> groups = new HashMap<>();
  private long nextId;
  /** Groups merged into another by {@link #absorb}: counted once, in the group that absorbed them. */
  private long groupsAbsorbed;
  private long valuesWritten;
  private long bytesWritten;
  private boolean closed;
  /** Set by a failed write: why the store takes no more calls. */
  private String failure;

  /**
   * @param files where segment files come from
   * @param serializer the shuffle's serializer instance (one per store: instances are not thread-safe)
   * @param owner names the task in errors and logs, e.g. "task 42 (stage 3.0)"
   */
  public GroupSpillStore(SpillFiles files, SerializerInstance serializer, String owner) {
    this.files = files;
    this.serializer = serializer;
    this.owner = owner;
  }

  /** A new, empty group; returns its id. */
  public long newGroup() {
    checkOpen();
    long id = nextId++;
    groups.put(id, new Group());
    return id;
  }

  /** Appends one value to group {@code id}. */
  public void write(long id, Object value) {
    Group g = group(id);
    if (g.writer == null) {
      g.openSegment();
    }
    try {
      g.writer.writeObject(value, ClassTag$.MODULE$.Any());
    } catch (Exception e) { // also an IOException (a full disk), which Scala code throws undeclared
      throw failed(g.openFile(), "writing value " + (g.segmentValues + 1) + " of a group to", e);
    }
    g.values++;
    g.segmentValues++;
    valuesWritten++;
    if (g.segmentBytes[0] >= SEGMENT_BYTES) {
      g.closeSegment();
    }
  }

  /**
   * After a failed write (a full disk, most often) the store takes no more calls: the file's end is unknown, so
   * no group may be read back from it; the task fails, and {@link #close} deletes the files.
   */
  private SpillFileException failed(File file, String doing, Throwable cause) {
    failure = "the spill store of " + owner + " failed " + doing + " " + file;
    return new SpillFileException("Spillway failed " + doing + " spill file " + file.getName() + " (directory "
        + file.getParent() + ") of " + owner + "; the task fails and Spark retries it", cause);
  }

  /**
   * Moves every value of group {@code fromId} to the end of group {@code intoId} (by segment, without
   * copying) and forgets {@code fromId}.
   */
  public void absorb(long intoId, long fromId) {
    if (intoId == fromId) {
      throw new IllegalArgumentException("a group cannot absorb itself: " + intoId + " in " + owner);
    }
    Group into = group(intoId);
    Group from = group(fromId);
    from.closeSegment();
    into.closeSegment();
    into.segments.addAll(from.segments);
    into.values += from.values;
    groups.remove(fromId);
    groupsAbsorbed++;
  }

  /** Values in group {@code id}. */
  public long size(long id) {
    return group(id).values;
  }

  /**
   * Reads group {@code id} from its first value, lazily; each call starts a new pass. Closes the group's
   * open segment first, so a later {@link #write} starts a new one.
   */
  public Iterator<Object> read(long id) {
    Group g = group(id);
    g.closeSegment();
    return new SegmentsIterator(List.copyOf(g.segments), serializer, files, this::checkOpen, owner);
  }

  /**
   * Gives group {@code id}'s files to the caller, who deletes them when done (see {@code SpilledGroup}):
   * the store forgets the group and never deletes its files — a handed-out group may sit in a cached
   * block that outlives its task, even a failed one.
   *
   * @return the group's segments, in order, all closed
   */
  public List<SpillSegment> handOut(long id) {
    Group g = group(id);
    g.closeSegment();
    groups.remove(id);
    return List.copyOf(g.segments);
  }

  /**
   * Reads {@code segments} one after the other with {@code serializer}, lazily; for groups handed out
   * by {@link #handOut}.
   */
  public static Iterator<Object> readSegments(List<SpillSegment> segments, SerializerInstance serializer,
      SpillFiles files) {
    return new SegmentsIterator(segments, serializer, files, () -> { }, "a handed-out group");
  }

  /**
   * Groups whose values went to disk so far: every group this store opened, minus those merged into another (a
   * group the map spilled in two of its runs and merged is one group to the user).
   */
  public long groupsSpilled() {
    return nextId - groupsAbsorbed;
  }

  /** Values written to disk so far, by all groups. */
  public long valuesWritten() {
    return valuesWritten;
  }

  /** Bytes on disk after framing (compression), by all closed segments. */
  public long bytesWritten() {
    return bytesWritten;
  }

  /** Files this store has created and not yet deleted. */
  public int fileCount() {
    int n = 0;
    for (Group g : groups.values()) {
      n += g.segments.size() + (g.openFile != null ? 1 : 0);
    }
    return n;
  }

  /**
   * Closes every writer and deletes every file of the groups still here (handed-out groups own theirs);
   * later calls do nothing.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Group g : groups.values()) {
      try {
        g.closeSegment();
      } catch (RuntimeException e) {
        // the task is ending, possibly because of this very writer: deleting the files is what matters
      }
      for (SpillSegment s : g.segments) {
        s.file().delete();
      }
      if (g.openFile != null) {
        g.openFile.delete();
      }
    }
    groups.clear();
  }

  private Group group(long id) {
    checkOpen();
    Group g = groups.get(id);
    if (g == null) {
      throw new IllegalStateException("no spilled group " + id + " in the spill store of " + owner);
    }
    return g;
  }

  private void checkOpen() {
    if (failure != null) {
      throw new IllegalStateException(failure + "; nothing half-written is read back");
    }
    if (closed) {
      throw new IllegalStateException("the spill store of " + owner + " is closed: its task has ended and the "
          + "files of groups still being built are deleted (a bug if seen from user code: groups handed out "
          + "own their files)");
    }
  }

  /** One group's closed segments and its open writer. */
  private final class Group {
    final List<SpillSegment> segments = new ArrayList<>();
    SerializationStream writer;
    long values;
    /** The open segment's block and file, or null. */
    BlockId openBlock;
    File openFile;
    /** Values written to the open segment. */
    long segmentValues;
    /** Serialized bytes written through the open segment's stream. */
    final long[] segmentBytes = {0L};

    File openFile() {
      return openFile;
    }

    void openSegment() {
      Tuple2<BlockId, File> file = files.newFile();
      openBlock = file._1();
      openFile = file._2();
      segmentValues = 0;
      segmentBytes[0] = 0;
      try {
        writer = serializer.serializeStream(new CountingOutputStream(files.wrap(file._1(),
            new CheckedChunkOutputStream(new FileOutputStream(file._2()), true)), segmentBytes));
      } catch (Exception e) { // as in write
        throw failed(file._2(), "creating", e);
      }
    }

    void closeSegment() {
      if (writer != null) {
        SerializationStream w = writer;
        writer = null;
        try {
          w.close();
        } catch (Exception e) { // as in write
          throw failed(openFile, "closing (flushing the end of a group to)", e);
        }
        long length = openFile.length();
        segments.add(new SpillSegment(openBlock, openFile, segmentValues, length));
        bytesWritten += length;
        openBlock = null;
        openFile = null;
      }
    }
  }
}

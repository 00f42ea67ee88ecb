package io.spillway.shuffle.group;

import io.spillway.shuffle.compat.GroupBuffers;
import io.spillway.shuffle.measured.MeasuredAppendOnlyMap;
import io.spillway.storage.group.GroupSpillStore;
import io.spillway.storage.group.GroupSpillStores;
import io.spillway.storage.group.SpillFiles;
import java.util.function.LongSupplier;
import org.apache.spark.Aggregator;
import org.apache.spark.TaskContext;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.util.SizeEstimator;
import scala.Product2;
import scala.Tuple2;
import scala.collection.Iterator;

/**
 * groupByKey without the one-group-must-fit-the-heap limit: the reduce side groups with Spark's own
 * {@code ExternalAppendOnlyMap} (so many keys still spill and merge as in Spark; measured, see
 * {@link MeasuredAppendOnlyMap}), but each group is a
 * {@link GroupCombiner} that moves its values to the task's {@link GroupSpillStore} once their estimated
 * size passes a threshold, and is handed to user code as a {@link SpilledGroup} read back lazily. Small
 * groups come out as Spark's own {@code CompactBuffer}, exactly as without Spillway.
 *
 * <h2>When it applies</h2>
 * A read with an aggregator, no map-side combine and no key ordering whose {@code createCombiner}
 * returns a {@code CompactBuffer}: {@code groupByKey}, and {@code combineByKey(mapSideCombine = false)}
 * building Spark's buffers ({@link #isGrouping}). The check calls {@code createCombiner} once on the
 * first value, as Spark would.
 *
 * <h2>Threshold</h2>
 * A group's size is measured: the serialized bytes of the records it took (the reader's count of bytes
 * deserialized, taken per record), checked at every record, a lower bound of its heap size that needs no
 * estimate, so a group of a few multi-MiB values is seen at once. Each time its value count doubles (from
 * {@link #FIRST_SIZE_CHECK}) Spark's {@code SizeEstimator} is asked too, and the larger figure counts: object
 * overhead makes small values' heap size a multiple of their serialized size. Not for a measured group too
 * small to pass the threshold even at {@link #MAX_HEAP_PER_SERIALIZED_BYTE} heap bytes per serialized byte
 * (most groups of most jobs; a group's serialized size counts its values at least at the task's mean record size,
 * see {@link #serializedBytes}); a group whose values were not measured (read from a parent partition, not a
 * shuffle) is estimated at every doubling. The threshold ({@link GroupSpillThreshold}) is a share of the
 * heap ({@code spark.spillway.shuffle.groupSpillHeapRatio}) under pressure — a single group should not take
 * more than that before going to disk — and a larger one ({@code groupSpillCalmHeapRatio}) while the heap
 * is calm, so ample executors keep their groups in memory. Groups merged by the map are checked too.
 */
public final class StreamingGrouping {

  /** Heap values of a group at which its size is first estimated; then at every doubling. */
  static final int FIRST_SIZE_CHECK = 8;

  /**
   * The most heap bytes a value takes per byte of its serialized form, for the values a reader measured: a boxed
   * long Kryo writes in one to nine bytes takes 16 on the heap plus an 8-byte reference in the group (up to 24
   * times), and object overhead grows the ratio less for larger values. A measured group smaller than the
   * threshold over this cannot pass it, so {@code SizeEstimator} (a reflective walk of the whole group, the
   * dominant cost of grouping keys with a few values each) is not asked.
   */
  static final long MAX_HEAP_PER_SERIALIZED_BYTE = 32;

  private final GroupSpillStore store;
  private final GroupSpillThreshold threshold;
  private final Serializer serializer;
  private final SpillFiles files;
  private final LongSupplier fedBytes;
  /** Whether {@link #fedBytes} counts every record grouped (all come from a measuring reader). */
  private final boolean everyRecordMeasured;
  /** {@link #fedBytes} when grouping began. */
  private final long fedAtOpen;
  /** {@link #fedBytes} when the previous record was grouped: the current record's bytes are the difference. */
  private long fedAtLastRecord;
  /** Records grouped so far. */
  private long recordsGrouped;
  /** Measured bytes of the values written to the spill store: not on the heap, so not the map's. */
  private long divertedBytes;

  private StreamingGrouping(GroupSpillStore store, GroupSpillThreshold threshold, Serializer serializer, SpillFiles files,
      LongSupplier fedBytes, boolean everyRecordMeasured) {
    this.store = store;
    this.threshold = threshold;
    this.serializer = serializer;
    this.files = files;
    this.fedBytes = fedBytes;
    this.everyRecordMeasured = everyRecordMeasured;
    this.fedAtOpen = fedBytes.getAsLong();
    this.fedAtLastRecord = fedAtOpen;
  }

  /**
   * Whether {@code aggregator} builds Spark's group buffers, judged by its combiner for {@code firstValue}.
   */
  public static boolean isGrouping(Aggregator<?, Object, ?> aggregator, Object firstValue) {
    return GroupBuffers.isGroupBuffer(aggregator.createCombiner().apply(firstValue));
  }

  /**
   * Groups {@code records} by key for {@code task}, spilling groups past {@code threshold} to files
   * from {@code files} written with {@code serializer}; the files go when the task ends, or, for the
   * groups handed out, when they are no longer reachable (see {@link SpilledGroup}).
   *
   * @param fedBytes serialized bytes of the records read so far (the reader's count, advancing as each record
   *     is deserialized); {@code () -> 0} measures nothing and leaves {@code SizeEstimator} alone
   * @return (key, group) pairs; a group is a {@code CompactBuffer} or a {@link SpilledGroup}
   */
  public static Iterator<Product2<Object, Object>> groupByKey(Iterator<? extends Product2<Object, Object>> records,
      TaskContext task, Serializer serializer, SpillFiles files, GroupSpillThreshold threshold, LongSupplier fedBytes) {
    StreamingGrouping grouping = open(task, serializer, files, threshold, fedBytes, true);
    // the map holds what was fed to it minus what went to the spill store
    @SuppressWarnings({"unchecked", "rawtypes"})
    Iterator<Tuple2<Object, GroupCombiner>> grouped = MeasuredAppendOnlyMap.combineValuesByKey((Iterator) records,
        (scala.Function1<Object, GroupCombiner>) grouping::create, grouping::add, grouping::merge, task,
        () -> fedBytes.getAsLong() - grouping.divertedBytes());
    return grouped.map(kc -> new Tuple2<>(kc._1(), grouping.toUserGroup(kc._2())));
  }

  /**
   * A grouping over {@code task}'s spill store (opened if the task has none yet): groups past {@code threshold}
   * are written with {@code serializer} to files from {@code files}.
   *
   * @param everyRecordMeasured whether {@code fedBytes} counts every record grouped (false when some come from a
   *     parent partition rather than a measuring reader)
   */
  static StreamingGrouping open(TaskContext task, Serializer serializer, SpillFiles files, GroupSpillThreshold threshold,
      LongSupplier fedBytes, boolean everyRecordMeasured) {
    String owner = "task " + task.taskAttemptId() + " (stage " + task.stageId() + "." + task.stageAttemptNumber() + ")";
    long storeId = GroupSpillStores.open(task, () -> new GroupSpillStore(files, serializer.newInstance(), owner));
    // held here for the read (one lookup, not one per value); combiners only ever hold group ids
    return new StreamingGrouping(GroupSpillStores.get(storeId), threshold, serializer, files, fedBytes,
        everyRecordMeasured);
  }

  /** Measured bytes of the values written to the spill store so far: fed to the map, but not on the heap. */
  long divertedBytes() {
    return divertedBytes;
  }

  /** Serialized bytes of the record being grouped: what the reader read since the previous one. */
  private long recordBytes() {
    long now = fedBytes.getAsLong();
    long bytes = now - fedAtLastRecord;
    fedAtLastRecord = now;
    recordsGrouped++;
    return Math.max(0L, bytes);
  }

  /**
   * The serialized bytes of a group of {@code c}'s size: its own measured bytes, or its value count at the
   * task's mean record size if that is more. Why both: a record's bytes are what the reader pulled while
   * deserializing it, which comes in buffer-sized steps, so a group of records smaller than the deserializer's
   * buffer may have been handed few of those steps or none; the mean spreads them evenly. Records larger than
   * the buffer are counted about exactly, so a group of big values is not averaged down. 0 when not every
   * record was measured.
   */
  private long serializedBytes(GroupCombiner c, int values) {
    if (!everyRecordMeasured || recordsGrouped == 0) {
      return c.measuredBytes;
    }
    long meanRecordBytes = (fedAtLastRecord - fedAtOpen) / recordsGrouped;
    return Math.max(c.measuredBytes, meanRecordBytes * values);
  }

  GroupCombiner create(Object value) {
    GroupCombiner c = new GroupCombiner();
    c.heapValues = GroupBuffers.empty();
    GroupBuffers.append(c.heapValues, value);
    c.nextSizeCheck = FIRST_SIZE_CHECK;
    c.measuredBytes = recordBytes();
    maybeSpillMeasured(c);
    return c;
  }

  GroupCombiner add(GroupCombiner c, Object value) {
    long bytes = recordBytes();
    c.measuredBytes += bytes;
    if (c.spilled()) {
      store.write(c.spilledGroupId, value);
      divertedBytes += bytes;
      return c;
    }
    GroupBuffers.append(c.heapValues, value);
    if (!maybeSpillMeasured(c)) {
      maybeSpill(c);
    }
    return c;
  }

  GroupCombiner merge(GroupCombiner a, GroupCombiner b) {
    if (!a.spilled() && !b.spilled()) {
      GroupBuffers.appendAll(a.heapValues, b.heapValues);
      a.measuredBytes += b.measuredBytes;
      if (!maybeSpillMeasured(a)) {
        maybeSpill(a);
      }
      return a;
    }
    if (!a.spilled()) {
      spill(a);
    }
    if (b.spilled()) {
      store.absorb(a.spilledGroupId, b.spilledGroupId);
    } else {
      writeAll(a.spilledGroupId, b.heapValues);
      divertedBytes += b.measuredBytes;
    }
    a.measuredBytes += b.measuredBytes;
    return a;
  }

  /** Spills {@code c} if its measured bytes pass the threshold (cheap: a comparison unless they do). */
  private boolean maybeSpillMeasured(GroupCombiner c) {
    if (threshold.exceeded(c.measuredBytes)) {
      spill(c);
      return true;
    }
    return false;
  }

  private void maybeSpill(GroupCombiner c) {
    int n = c.heapValues.size();
    if (n < c.nextSizeCheck) {
      return;
    }
    while (c.nextSizeCheck <= n && c.nextSizeCheck < Integer.MAX_VALUE / 2) {
      c.nextSizeCheck *= 2;
    }
    long serialized = serializedBytes(c, n);
    if (serialized > 0 && serialized * MAX_HEAP_PER_SERIALIZED_BYTE <= threshold.pressuredBytes()) {
      return; // measured, and too small to pass the threshold whatever its heap size: no estimate needed
    }
    if (threshold.exceeded(Math.max(c.measuredBytes, SizeEstimator.estimate(c.heapValues)))) {
      spill(c);
    }
  }

  private void spill(GroupCombiner c) {
    c.spilledGroupId = store.newGroup();
    writeAll(c.spilledGroupId, c.heapValues);
    divertedBytes += c.measuredBytes;
    c.heapValues = null;
  }

  private void writeAll(long groupId, scala.collection.Seq<Object> values) {
    Iterator<Object> it = values.iterator();
    while (it.hasNext()) {
      store.write(groupId, it.next());
    }
  }

  Object toUserGroup(GroupCombiner c) {
    if (!c.spilled()) {
      return c.heapValues;
    }
    long size = store.size(c.spilledGroupId);
    return new SpilledGroup(store.handOut(c.spilledGroupId), serializer, files, size).asScala();
  }
}

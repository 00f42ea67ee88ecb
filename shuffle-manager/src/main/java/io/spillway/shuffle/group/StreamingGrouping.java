package io.spillway.shuffle.group;

import io.spillway.storage.group.GroupSpillStore;
import io.spillway.storage.group.GroupSpillStores;
import io.spillway.storage.group.SpillFiles;
import org.apache.spark.Aggregator;
import org.apache.spark.TaskContext;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.util.SizeEstimator;
import org.apache.spark.util.collection.CompactBuffer;
import scala.Product2;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;

/**
 * groupByKey without the one-group-must-fit-the-heap limit: the reduce side groups with Spark's own
 * {@code ExternalAppendOnlyMap} (so many keys still spill and merge as in Spark), but each group is a
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
 * A group's heap values are estimated with Spark's {@code SizeEstimator} each time their count doubles
 * (from {@link #FIRST_SIZE_CHECK}), so a group overshoots the threshold at most twofold and the cost of
 * estimating is logarithmic in its size. The threshold ({@link GroupSpillThreshold}) is a share of the
 * heap ({@code spark.spillway.shuffle.groupSpillHeapRatio}) under pressure — a single group should not take
 * more than that before going to disk — and a larger one ({@code groupSpillCalmHeapRatio}) while the heap
 * is calm, so ample executors keep their groups in memory. Groups merged by the map are checked too.
 */
public final class StreamingGrouping {

  /** Heap values of a group at which its size is first estimated; then at every doubling. */
  static final int FIRST_SIZE_CHECK = 8;

  private final GroupSpillStore store;
  private final GroupSpillThreshold threshold;
  private final Serializer serializer;
  private final SpillFiles files;

  private StreamingGrouping(GroupSpillStore store, GroupSpillThreshold threshold, Serializer serializer, SpillFiles files) {
    this.store = store;
    this.threshold = threshold;
    this.serializer = serializer;
    this.files = files;
  }

  /**
   * Whether {@code aggregator} builds Spark's group buffers, judged by its combiner for {@code firstValue}.
   */
  public static boolean isGrouping(Aggregator<?, Object, ?> aggregator, Object firstValue) {
    return aggregator.createCombiner().apply(firstValue) instanceof CompactBuffer;
  }

  /**
   * {@link #groupByKey(Iterator, TaskContext, Serializer, SpillFiles, GroupSpillThreshold)} with one bound
   * whatever the pressure.
   */
  public static Iterator<Product2<Object, Object>> groupByKey(Iterator<? extends Product2<Object, Object>> records,
      TaskContext task, Serializer serializer, SpillFiles files, long thresholdBytes) {
    return groupByKey(records, task, serializer, files, GroupSpillThreshold.fixed(thresholdBytes));
  }

  /**
   * Groups {@code records} by key for {@code task}, spilling groups past {@code threshold} to files
   * from {@code files} written with {@code serializer}; the files go when the task ends, or, for the
   * groups handed out, when they are no longer reachable (see {@link SpilledGroup}).
   *
   * @return (key, group) pairs; a group is a {@code CompactBuffer} or a {@link SpilledGroup}
   */
  public static Iterator<Product2<Object, Object>> groupByKey(Iterator<? extends Product2<Object, Object>> records,
      TaskContext task, Serializer serializer, SpillFiles files, GroupSpillThreshold threshold) {
    String owner = "task " + task.taskAttemptId() + " (stage " + task.stageId() + "." + task.stageAttemptNumber() + ")";
    long storeId = GroupSpillStores.open(task, () -> new GroupSpillStore(files, serializer.newInstance(), owner));
    // held here for the read (one lookup, not one per value); combiners only ever hold group ids
    StreamingGrouping grouping = new StreamingGrouping(GroupSpillStores.get(storeId), threshold, serializer, files);
    Aggregator<Object, Object, GroupCombiner> aggregator = new Aggregator<>(
        grouping::create, grouping::add, grouping::merge);
    @SuppressWarnings({"unchecked", "rawtypes"})
    Iterator<Tuple2<Object, GroupCombiner>> grouped = aggregator.combineValuesByKey((Iterator) records, task);
    return grouped.map(kc -> new Tuple2<>(kc._1(), grouping.toUserGroup(kc._2())));
  }

  GroupCombiner create(Object value) {
    GroupCombiner c = new GroupCombiner();
    c.heapValues = new CompactBuffer<>(ClassTag$.MODULE$.Any());
    c.heapValues.$plus$eq(value);
    c.nextSizeCheck = FIRST_SIZE_CHECK;
    return c;
  }

  GroupCombiner add(GroupCombiner c, Object value) {
    if (c.spilled()) {
      store.write(c.spilledGroupId, value);
      return c;
    }
    c.heapValues.$plus$eq(value);
    maybeSpill(c);
    return c;
  }

  GroupCombiner merge(GroupCombiner a, GroupCombiner b) {
    if (!a.spilled() && !b.spilled()) {
      a.heapValues.$plus$plus$eq(b.heapValues);
      maybeSpill(a);
      return a;
    }
    if (!a.spilled()) {
      spill(a);
    }
    if (b.spilled()) {
      store.absorb(a.spilledGroupId, b.spilledGroupId);
    } else {
      writeAll(a.spilledGroupId, b.heapValues);
    }
    return a;
  }

  private void maybeSpill(GroupCombiner c) {
    int n = c.heapValues.size();
    if (n < c.nextSizeCheck) {
      return;
    }
    while (c.nextSizeCheck <= n && c.nextSizeCheck < Integer.MAX_VALUE / 2) {
      c.nextSizeCheck *= 2;
    }
    if (threshold.exceeded(SizeEstimator.estimate(c.heapValues))) {
      spill(c);
    }
  }

  private void spill(GroupCombiner c) {
    c.spilledGroupId = store.newGroup();
    writeAll(c.spilledGroupId, c.heapValues);
    c.heapValues = null;
  }

  private void writeAll(long groupId, CompactBuffer<Object> values) {
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

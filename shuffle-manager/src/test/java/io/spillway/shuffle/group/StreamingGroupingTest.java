package io.spillway.shuffle.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.LocalSpark;
import io.spillway.storage.group.GroupSpillStores;
import io.spillway.storage.group.SpillFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.util.collection.CompactBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Product2;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;

/**
 * Streaming groupByKey in a real task context (local SparkEnv: Spark's disk block manager and
 * serializer manager): one hot key past a small threshold and many small keys.
 */
class StreamingGroupingTest {

  private static final int HOT_VALUES = 20_000;
  private static final int COLD_KEYS = 500;
  /** Far below the hot group's size, far above a cold group's (4 small strings). */
  private static final long THRESHOLD_BYTES = 64 * 1024;

  private TaskContextImpl task;

  @BeforeEach
  void startTask() {
    task = LocalSpark.startTask();
  }

  @AfterEach
  void endTask() {
    LocalSpark.endTask(task);
  }

  private static Iterator<Product2<Object, Object>> records() {
    List<Product2<Object, Object>> list = new ArrayList<>();
    for (int i = 0; i < HOT_VALUES; i++) {
      list.add(new Tuple2<>("hot", "h" + i));
      if (i < COLD_KEYS * 4) {
        list.add(new Tuple2<>("k" + (i % COLD_KEYS), "c" + i));
      }
    }
    return CollectionConverters.asScala(list.iterator());
  }

  private Map<Object, Object> group(Serializer serializer) {
    Map<Object, Object> out = new HashMap<>();
    StreamingGrouping.groupByKey(records(), task, serializer, SpillFiles.ofSparkEnv(), GroupSpillThreshold.fixed(THRESHOLD_BYTES), () -> 0L)
        .foreach(kv -> out.put(kv._1(), kv._2()));
    return out;
  }

  private static List<Object> values(Object group) {
    List<Object> out = new ArrayList<>();
    ((scala.collection.Iterable<?>) group).foreach(out::add);
    return out;
  }

  @Test
  void groupByKey_hotGroupSpillsAndIsReadBackTwice_coldGroupsStaySparkBuffers() {
    Map<Object, Object> groups = group(SparkEnv.get().serializer());

    assertThat(groups).hasSize(COLD_KEYS + 1);
    Object hot = groups.get("hot");
    assertThat(hot).isNotInstanceOf(CompactBuffer.class);
    List<Object> first = values(hot);
    assertThat(first).hasSize(HOT_VALUES).doesNotHaveDuplicates().allMatch(v -> ((String) v).startsWith("h"));
    assertThat(values(hot)).as("re-iterated").isEqualTo(first);
    assertThat(((scala.collection.Iterable<?>) hot).size()).isEqualTo(HOT_VALUES);
    for (int k = 0; k < COLD_KEYS; k++) {
      assertThat(groups.get("k" + k)).isInstanceOf(CompactBuffer.class);
      assertThat(values(groups.get("k" + k))).hasSize(4);
    }
  }

  /**
   * A group of a few multi-MiB values: too few values for a size estimate (the first comes at 8), but the
   * bytes the reader deserialized for them pass the threshold at the third, so the group goes to disk then;
   * a key whose values are small stays a Spark buffer.
   */
  @Test
  void groupByKey_fewValuesOfManyMeasuredBytes_spillsByMeasuredBytes() {
    long[] fed = {0};
    List<Product2<Object, Object>> list = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      list.add(new Tuple2<>("big", "b" + i));
      list.add(new Tuple2<>("small", "s" + i));
    }
    // each "big" record was 4 MiB serialized (as the reader's count would say), each "small" one 100 bytes
    Iterator<Product2<Object, Object>> records = CollectionConverters.asScala(list.iterator()).map(r -> {
      fed[0] += "big".equals(r._1()) ? 4L << 20 : 100;
      return r;
    });
    Map<Object, Object> out = new HashMap<>();
    StreamingGrouping.groupByKey(records, task, SparkEnv.get().serializer(), SpillFiles.ofSparkEnv(),
        GroupSpillThreshold.fixed(10L << 20), () -> fed[0]).foreach(kv -> out.put(kv._1(), kv._2()));

    assertThat(out.get("big")).isNotInstanceOf(CompactBuffer.class);
    assertThat(values(out.get("big"))).containsExactly("b0", "b1", "b2");
    assertThat(out.get("small")).isInstanceOf(CompactBuffer.class);
    assertThat(values(out.get("small"))).containsExactly("s0", "s1", "s2");
  }

  /**
   * A group's heap size is estimated only when its measured bytes could pass the threshold at
   * {@code MAX_HEAP_PER_SERIALIZED_BYTE} heap bytes each: the same 64 values, whose heap size is far above a
   * 1 KiB threshold, stay in memory when measured at 1 byte each (64 B, 2 KiB at most on the heap by that bound)
   * and spill when nothing measured them (the estimate decides).
   */
  @Test
  void groupByKey_measuredGroupTooSmallToPass_isNotEstimated_unmeasuredOneIs() {
    List<Product2<Object, Object>> list = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      list.add(new Tuple2<>("k", "value-" + i));
    }
    long[] fed = {0};
    Map<Object, Object> measured = new HashMap<>();
    StreamingGrouping.groupByKey(CollectionConverters.asScala(list.iterator()).map(r -> {
      fed[0] += 1;
      return r;
    }), task, SparkEnv.get().serializer(), SpillFiles.ofSparkEnv(), GroupSpillThreshold.fixed(64 * 32), () -> fed[0])
        .foreach(kv -> measured.put(kv._1(), kv._2()));
    Map<Object, Object> unmeasured = new HashMap<>();
    StreamingGrouping.groupByKey(CollectionConverters.asScala(list.iterator()), task, SparkEnv.get().serializer(),
        SpillFiles.ofSparkEnv(), GroupSpillThreshold.fixed(64 * 32), () -> 0L).foreach(kv -> unmeasured.put(kv._1(), kv._2()));

    assertThat(measured.get("k")).isInstanceOf(CompactBuffer.class);
    assertThat(unmeasured.get("k")).isNotInstanceOf(CompactBuffer.class);
    assertThat(values(unmeasured.get("k"))).hasSize(64);
  }

  /**
   * A reader's byte count advances in buffer-sized steps, so small records are handed the bytes of many or of
   * none: here every byte lands on the other key's records. The group that got none is still judged by the
   * task's mean record size, so it is not sent to {@code SizeEstimator} (which would spill it: 64 strings are
   * far over the threshold on the heap).
   */
  @Test
  void groupByKey_groupHandedNoneOfTheReadSteps_isJudgedByTheMeanRecordSize() {
    List<Product2<Object, Object>> list = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      list.add(new Tuple2<>("stepped", "step-" + i));
      list.add(new Tuple2<>("k", "value-" + i));
    }
    long[] fed = {0};
    Map<Object, Object> out = new HashMap<>();
    StreamingGrouping.groupByKey(CollectionConverters.asScala(list.iterator()).map(r -> {
      if (r._1().equals("stepped")) {
        fed[0] += 2; // one 2-byte step per pair: a mean of 1 byte per record
      }
      return r;
    }), task, SparkEnv.get().serializer(), SpillFiles.ofSparkEnv(), GroupSpillThreshold.fixed(64 * 32), () -> fed[0])
        .foreach(kv -> out.put(kv._1(), kv._2()));

    assertThat(out.get("k")).isInstanceOf(CompactBuffer.class);
    assertThat(values(out.get("k"))).hasSize(64);
    assertThat(out.get("stepped")).isNotInstanceOf(CompactBuffer.class);
  }

  @Test
  void groupByKey_fewValuesNothingMeasured_staysSparkBuffer() {
    List<Product2<Object, Object>> list = List.of(new Tuple2<>("big", "b0"), new Tuple2<>("big", "b1"));
    Map<Object, Object> out = new HashMap<>();
    StreamingGrouping.groupByKey(CollectionConverters.asScala(list.iterator()), task, SparkEnv.get().serializer(),
        SpillFiles.ofSparkEnv(), GroupSpillThreshold.fixed(10L << 20), () -> 0L).foreach(kv -> out.put(kv._1(), kv._2()));

    assertThat(out.get("big")).isInstanceOf(CompactBuffer.class);
  }

  /**
   * Regression (found while documenting, 2026-11-27): a failed task's store deleted the files of groups
   * already handed out, which a cached block of grouped results still pointed to, so every later read of
   * that block failed. Handed-out groups own their files; the store only deletes groups still being built.
   */
  @Test
  void groupByKey_taskFails_storeClosedButHandedOutGroupsStayReadable() {
    int before = GroupSpillStores.openCount();
    Map<Object, Object> groups = group(SparkEnv.get().serializer());
    assertThat(GroupSpillStores.openCount()).isEqualTo(before + 1);

    task.markTaskFailed(new RuntimeException("killed"));
    task.markTaskCompleted(Option.empty());

    assertThat(GroupSpillStores.openCount()).isEqualTo(before);
    assertThat(values(groups.get("hot"))).hasSize(HOT_VALUES);
  }

  @Test
  void groupByKey_taskSucceeds_handedOutGroupStillReadableAfterTheTaskEnds() {
    Map<Object, Object> groups = group(SparkEnv.get().serializer());

    task.markTaskCompleted(Option.empty()); // Spark serializes results after this

    assertThat(values(groups.get("hot"))).hasSize(HOT_VALUES);
    assertThat(task.taskMetrics().diskBytesSpilled()).as("group spills count as the task's spills").isPositive();
  }

  @Test
  void spilledGroup_serializedByJavaOrKryo_carriesItsValues() throws Exception {
    Object hot = group(SparkEnv.get().serializer()).get("hot");
    List<Object> expected = values(hot);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(hot);
    }
    Object viaJava;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      viaJava = in.readObject();
    }
    SerializerInstance kryo = new KryoSerializer(SparkEnv.get().conf()).newInstance();
    Object viaKryo = kryo.deserialize(kryo.serialize(hot, ClassTag$.MODULE$.Any()), ClassTag$.MODULE$.Any());

    assertThat(values(viaJava)).isEqualTo(expected);
    assertThat(values(viaKryo)).isEqualTo(expected);
  }

  @Test
  void groupByKey_withJavaSerializerForTheSpill_sameGroups() {
    Map<Object, Object> groups = group(new JavaSerializer(SparkEnv.get().conf()));

    assertThat(values(groups.get("hot"))).hasSize(HOT_VALUES).doesNotHaveDuplicates();
  }

  /** Spark's spill files, remembering each file it hands out. */
  private static final class RecordingSpillFiles implements SpillFiles {
    final List<java.io.File> files = new ArrayList<>();

    @Override
    public Tuple2<org.apache.spark.storage.BlockId, java.io.File> newFile() {
      Tuple2<org.apache.spark.storage.BlockId, java.io.File> t = SpillFiles.ofSparkEnv().newFile();
      files.add(t._2());
      return t;
    }

    @Override
    public java.io.OutputStream wrap(org.apache.spark.storage.BlockId block, java.io.OutputStream raw) {
      return SpillFiles.ofSparkEnv().wrap(block, raw);
    }

    @Override
    public java.io.InputStream wrap(org.apache.spark.storage.BlockId block, java.io.InputStream raw) {
      return SpillFiles.ofSparkEnv().wrap(block, raw);
    }
  }

  @Test
  void groupByKey_taskKilledBeforeItsGroupsAreHandedOut_everySpillFileDeleted() {
    RecordingSpillFiles files = new RecordingSpillFiles();
    Iterator<Product2<Object, Object>> grouped = StreamingGrouping.groupByKey(records(), task,
        SparkEnv.get().serializer(), files, GroupSpillThreshold.fixed(THRESHOLD_BYTES), () -> 0L);
    assertThat(grouped.hasNext()).isTrue(); // every record read: the hot group is on disk, nothing handed out yet
    assertThat(files.files).isNotEmpty().allMatch(java.io.File::exists);

    task.markInterrupted("killed by the test");
    task.markTaskFailed(new org.apache.spark.TaskKilledException("killed by the test"));
    task.markTaskCompleted(Option.empty());

    assertThat(files.files).noneMatch(java.io.File::exists);
  }
}

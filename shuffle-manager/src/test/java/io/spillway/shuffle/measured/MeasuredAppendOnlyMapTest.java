package io.spillway.shuffle.measured;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.LocalSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContextImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Product2;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The measured map in a real task context (local SparkEnv, the test JVM's execution pool): records that are
 * small on the heap but "were" large serialized, as a reader's byte count would say, make it spill where
 * Spark's estimate alone never would; with nothing measured it behaves as Spark's map.
 */
class MeasuredAppendOnlyMapTest {

  private static final int RECORDS = 2_000;
  private static final int KEYS = 50;

  private TaskContextImpl task;
  private long fedBytes;

  @BeforeEach
  void startTask() {
    task = LocalSpark.startTask();
  }

  @AfterEach
  void endTask() {
    LocalSpark.endTask(task);
  }

  /** Sums values per key; each record advances the "reader's" count by {@code bytesPerRecord}. */
  private Map<Integer, Long> sumByKey(MeasuredAppendOnlyMap<Integer, Long, Long> map, long bytesPerRecord) {
    List<Product2<Integer, Long>> in = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      in.add(new Tuple2<>(i % KEYS, (long) i));
    }
    map.insertAll(CollectionConverters.asScala(in.iterator()).map(r -> {
      fedBytes += bytesPerRecord;
      return r;
    }));
    Map<Integer, Long> out = new HashMap<>();
    Iterator<Tuple2<Integer, Long>> it = map.iterator();
    it.foreach(kv -> out.merge(kv._1(), kv._2(), Long::sum));
    return out;
  }

  @SuppressWarnings("unchecked")
  private MeasuredAppendOnlyMap<Integer, Long, Long> map() {
    return new MeasuredAppendOnlyMap<>((scala.Function1<Long, Long>) v -> v, (a, b) -> a + b, (a, b) -> a + b,
        org.apache.spark.SparkEnv.get().serializer(), task, () -> fedBytes);
  }

  private static Map<Integer, Long> expected() {
    Map<Integer, Long> out = new HashMap<>();
    for (int i = 0; i < RECORDS; i++) {
      out.merge(i % KEYS, (long) i, Long::sum);
    }
    return out;
  }

  @Test
  void insertAll_recordsFarLargerSerializedThanTheEstimate_spillsByMeasuredBytes() {
    // 2 000 records "of 256 MiB": far more than any test JVM's execution pool can grant
    MeasuredAppendOnlyMap<Integer, Long, Long> map = map();

    Map<Integer, Long> sums = sumByKey(map, 256L << 20);

    assertThat(map.measuredSpills()).isGreaterThan(1);
    assertThat(map.diskBytesSpilled()).isPositive();
    assertThat(sums).isEqualTo(expected());
    assertThat(map.merge()).as("spilled runs merged by Spillway's bounded merge").isNotNull();
  }

  @Test
  void iterator_hundredsOfRuns_mergedWithinTheHeadBudget() {
    MeasuredAppendOnlyMap<Integer, Long, Long> map = map();

    Map<Integer, Long> sums = sumByKey(map, 1L << 30); // every record "1 GiB": a run per record or so

    assertThat(map.measuredSpills()).isGreaterThan(500);
    assertThat(sums).isEqualTo(expected());
    BoundedRunMerge<Integer, Long> merge = map.merge();
    assertThat(merge.maxOpenAtOnce()).isLessThanOrEqualTo((int) (MeasuredAppendOnlyMap.MERGE_HEAP_RATIO
        * Runtime.getRuntime().maxMemory() / SpillRun.BUFFER_BYTES));
  }

  @Test
  void insertAll_nothingMeasured_behavesAsSparksMap() {
    MeasuredAppendOnlyMap<Integer, Long, Long> map = map();

    Map<Integer, Long> sums = sumByKey(map, 0);

    assertThat(map.measuredSpills()).isZero();
    assertThat(map.diskBytesSpilled()).isZero();
    assertThat(sums).isEqualTo(expected());
  }

  @Test
  void insertAll_measuredBytesThePoolGrants_noSpill() {
    MeasuredAppendOnlyMap<Integer, Long, Long> map = map();

    Map<Integer, Long> sums = sumByKey(map, 1024); // 2 MB in all

    assertThat(map.measuredSpills()).isZero();
    assertThat(map.diskBytesSpilled()).isZero();
    assertThat(sums).isEqualTo(expected());
  }

  @Test
  void insertAll_multiMiBRecords_checkedAtEachRecordNotEvery32() {
    long before = MeasuredAppendOnlyMap.measuredSpillsInThisJvm();
    MeasuredAppendOnlyMap<Integer, Long, Long> map = map();

    sumByKey(map, 256L << 20);

    // checked only every 32 records, the map could spill at most RECORDS / 32 times; the surefire JVM's
    // execution pool (2 GiB heap: ~1 GiB) holds four such records, so checked at each it spills far more often
    assertThat(map.measuredSpills()).isGreaterThan(RECORDS / MeasuredAppendOnlyMap.SPARK_CHECK_EVERY_RECORDS);
    assertThat(MeasuredAppendOnlyMap.measuredSpillsInThisJvm() - before).isEqualTo(map.measuredSpills());
  }

  /**
   * Inserts every record, the first half "of 256 MiB" each (so the map spills) and the second half of 0 bytes
   * (so their pairs are still in memory when the map is read).
   */
  private void insertSpillingThenSmall(MeasuredAppendOnlyMap<Integer, Long, Long> map) {
    List<Product2<Integer, Long>> in = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      in.add(new Tuple2<>(i % (KEYS * 4), (long) i));
    }
    int[] seen = {0};
    map.insertAll(CollectionConverters.asScala(in.iterator()).map(r -> {
      if (seen[0]++ < RECORDS / 2) {
        fedBytes += 256L << 20;
      }
      return r;
    }));
  }

  private static Map<Integer, Long> expectedOver(int keys) {
    Map<Integer, Long> out = new HashMap<>();
    for (int i = 0; i < RECORDS; i++) {
      out.merge(i % keys, (long) i, Long::sum);
    }
    return out;
  }

  @Test
  void iterator_afterSpills_mergesThePairsStillInMemoryWithoutWritingThem() {
    MeasuredAppendOnlyMap<Integer, Long, Long> map = map();
    insertSpillingThenSmall(map);
    long spilledBeforeReading = map.diskBytesSpilled();
    assertThat(spilledBeforeReading).isPositive();

    Map<Integer, Long> sums = new HashMap<>();
    map.iterator().foreach(kv -> sums.merge(kv._1(), kv._2(), Long::sum));

    assertThat(sums).isEqualTo(expectedOver(KEYS * 4));
    assertThat(map.diskBytesSpilled()).as("bytes on disk after the merge").isEqualTo(spilledBeforeReading);
  }

  @Test
  void iterator_askedToSpillWhileMerging_writesTheRestOutAndStillMergesRight() {
    MeasuredAppendOnlyMap<Integer, Long, Long> map = map();
    insertSpillingThenSmall(map);
    long spilledBeforeReading = map.diskBytesSpilled();

    Map<Integer, Long> sums = new HashMap<>();
    Iterator<Tuple2<Integer, Long>> it = map.iterator();
    for (int i = 0; i < 10; i++) {
      Tuple2<Integer, Long> kv = it.next();
      sums.merge(kv._1(), kv._2(), Long::sum);
    }
    // another consumer of the task needs memory: Spark asks the map to spill
    org.apache.spark.memory.MemoryConsumer other = new org.apache.spark.memory.MemoryConsumer(task.taskMemoryManager(),
        org.apache.spark.memory.MemoryMode.ON_HEAP) {
      @Override
      public long spill(long size, org.apache.spark.memory.MemoryConsumer trigger) {
        return 0;
      }
    };
    map.spill(Long.MAX_VALUE, other);
    it.foreach(kv -> sums.merge(kv._1(), kv._2(), Long::sum));

    assertThat(map.diskBytesSpilled()).as("the in-memory rest written out").isGreaterThan(spilledBeforeReading);
    assertThat(sums).isEqualTo(expectedOver(KEYS * 4));
    assertThat(map.spill(Long.MAX_VALUE, other)).as("nothing left in memory to spill").isZero();
  }
}

package io.spillway.shuffle.tiered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.shuffle.LocalSpark;
import io.spillway.storage.tiered.TieredStore;
import io.spillway.storage.tiered.TieredStoreConfig;
import io.spillway.storage.tiered.TieredStores;
import java.io.File;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.spark.Aggregator;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.memory.MemoryConsumer;
import org.apache.spark.memory.MemoryMode;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.Option;
import scala.Product2;
import scala.Tuple2;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reduce-side merging of map-side combiners through {@link ReduceSideAggregation} in a real task (local
 * SparkEnv), compared with Spark's own {@code combineCombinersByKey} on the same records. The store's heap
 * tier is tiny (64 KiB) and its first off-heap map small, so most combiners go off heap and maps chain.
 */
class ReduceSideAggregationTest {

  private static final long HEAP_TIER_BYTES = 64 * 1024;

  @TempDir
  Path dir;

  private TaskContextImpl task;
  private final AtomicInteger opened = new AtomicInteger();
  private final List<TieredStore<Object>> stores = new ArrayList<>();
  private long maxValueBytes = Long.MAX_VALUE;

  @BeforeEach
  void startTask() {
    task = LocalSpark.startTask();
  }

  @AfterEach
  void endTask() {
    if (task != null) {
      LocalSpark.endTask(task);
    }
  }

  private static Serializer serializer(String name) {
    return name.equals("kryo") ? new KryoSerializer(SparkEnv.get().conf()) : new JavaSerializer(SparkEnv.get().conf());
  }

  /** Production's {@code TieredStores.open} path (task-end cleanup) with files in the test's directory. */
  private ReduceSideAggregation.StoreOpener opener() {
    AtomicInteger file = new AtomicInteger();
    return (context, ser) -> {
      opened.incrementAndGet();
      Optional<TieredStore<Object>> s = TieredStores.open(context, TieredStore.builder()
          .config(TieredStoreConfig.withHeapMaxBytes(HEAP_TIER_BYTES).withFirstMapEntries(1024))
          .maxValueBytes(maxValueBytes)
          .serializer(ser)
          .files(() -> dir.resolve("map-" + file.incrementAndGet()).toFile()));
      s.ifPresent(stores::add);
      return s;
    };
  }

  private ReduceSideAggregation aggregation(TieredAggregationMode mode, Supplier<PressureLevel> pressure) {
    return new ReduceSideAggregation(mode, pressure, opener());
  }

  /** As reduceByKey(f) builds it: the combiner is the value. */
  private static <V> Aggregator<Object, V, V> reduceAggregator(scala.Function2<V, V, V> f) {
    return new Aggregator<>(v -> v, f, f);
  }

  private static <K, C> List<Product2<K, C>> runAndCollect(Iterator<Product2<K, C>> it) {
    List<Product2<K, C>> out = new ArrayList<>();
    while (it.hasNext()) {
      Product2<K, C> p = it.next();
      out.add(new Tuple2<>(p._1(), p._2()));
    }
    return out;
  }

  private static Map<Object, Object> asMap(List<? extends Product2<?, ?>> pairs) {
    Map<Object, Object> m = new HashMap<>();
    for (Product2<?, ?> p : pairs) {
      assertThat(m.containsKey(p._1())).as("key %s returned twice", p._1()).isFalse();
      m.put(p._1(), p._2());
    }
    return m;
  }

  private static <K, C> Iterator<Product2<K, C>> iter(List<Product2<K, C>> records) {
    return CollectionConverters.asScala(records.iterator());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private <K, C> Map<Object, Object> spark(Aggregator<K, ?, C> agg, List<Product2<K, C>> records) {
    return asMap(runAndCollect((Iterator) agg.combineCombinersByKey((Iterator) iter(records), task)));
  }

  /** Map-side combiners of a reduceByKey(sum): 20 000 keys, 3 partial sums each, every 50th one null. */
  private static List<Product2<Object, Long>> partialSums() {
    List<Product2<Object, Long>> out = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (long k = 0; k < 20_000; k++) {
        out.add(new Tuple2<>(k, k % 50 == 7 ? null : k * 3 + round));
      }
    }
    return out;
  }

  private static Long nullableSum(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Long.valueOf(a + b);
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "kryo"})
  void always_reduceByKeyWithNullValues_matchesSpark(String ser) {
    Aggregator<Object, Long, Long> agg = reduceAggregator(ReduceSideAggregationTest::nullableSum);
    List<Product2<Object, Long>> records = partialSums();

    Map<Object, Object> tiered = asMap(runAndCollect(aggregation(TieredAggregationMode.ALWAYS, () -> PressureLevel.NORMAL)
        .combineCombinersByKey(agg, iter(records), task, serializer(ser), () -> 0L)));

    assertThat(tiered).isEqualTo(spark(agg, records)).hasSize(20_000).containsEntry(7L, null);
    assertThat(opened).hasValue(1);
    assertThat(stores.get(0).stats().offHeapBytesWritten()).as("combiners went off heap").isPositive();
    assertThat(stores.get(0).stats().offHeapMaps()).as("maps chained").isGreaterThan(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "kryo"})
  void always_aggregateByKeyIntoSets_matchesSpark(String ser) {
    // aggregateByKey(new HashSet)(add, addAll): map-side combiners are sets, merged by union
    scala.Function2<HashSet<Integer>, HashSet<Integer>, HashSet<Integer>> union = (a, b) -> {
      a.addAll(b);
      return a;
    };
    Aggregator<Object, HashSet<Integer>, HashSet<Integer>> agg = new Aggregator<>(v -> v, union, union);
    Supplier<List<Product2<Object, HashSet<Integer>>>> records = () -> {
      List<Product2<Object, HashSet<Integer>>> out = new ArrayList<>();
      for (int m = 0; m < 4; m++) {
        for (int k = 0; k < 3_000; k++) {
          out.add(new Tuple2<>("key-" + k, new HashSet<>(List.of(k % 7 + m, m * 100))));
        }
      }
      return out;
    };

    Map<Object, Object> tiered = asMap(runAndCollect(aggregation(TieredAggregationMode.ALWAYS, () -> PressureLevel.NORMAL)
        .combineCombinersByKey(agg, iter(records.get()), task, serializer(ser), () -> 0L)));

    assertThat(tiered).isEqualTo(spark(agg, records.get())).hasSize(3_000);
  }

  /** A key with its own equals and hashCode over its fields (value semantics), as a case class would have. */
  static final class Point implements Serializable {
    final int x;
    final String label;

    Point(int x, String label) {
      this.x = x;
      this.label = label;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Point p && p.x == x && p.label.equals(label);
    }

    @Override
    public int hashCode() {
      return Objects.hash(x, label);
    }

    @Override
    public String toString() {
      return "Point(" + x + ", " + label + ")";
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "kryo"})
  void always_combineByKeyWithCustomEqualsKey_matchesSpark(String ser) {
    // combineByKey(v -> (v, 1), ..., (a, b) -> (a._1 + b._1, a._2 + b._2)): combiners are (sum, count)
    scala.Function2<Tuple2<Long, Integer>, Tuple2<Long, Integer>, Tuple2<Long, Integer>> add =
        (a, b) -> new Tuple2<>(a._1() + b._1(), a._2() + b._2());
    Aggregator<Point, Tuple2<Long, Integer>, Tuple2<Long, Integer>> agg = new Aggregator<>(v -> v, add, add);
    List<Product2<Point, Tuple2<Long, Integer>>> records = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      for (int k = 0; k < 5_000; k++) {
        // a new instance per record: equal keys are equal by equals only, never the same object
        records.add(new Tuple2<>(new Point(k % 2_500, "p" + (k / 2_500)), new Tuple2<>((long) k * m, 1)));
      }
    }

    Map<Object, Object> tiered = asMap(runAndCollect(aggregation(TieredAggregationMode.ALWAYS, () -> PressureLevel.NORMAL)
        .combineCombinersByKey(agg, iter(records), task, serializer(ser), () -> 0L)));

    assertThat(tiered).isEqualTo(spark(agg, records)).hasSize(5_000);
  }

  @Test
  void auto_normalPressureAndKeysFit_neverOpensAStore() {
    Aggregator<Object, Long, Long> agg = reduceAggregator(ReduceSideAggregationTest::nullableSum);
    List<Product2<Object, Long>> records = partialSums();

    Map<Object, Object> result = asMap(runAndCollect(aggregation(TieredAggregationMode.AUTO, () -> PressureLevel.NORMAL)
        .combineCombinersByKey(agg, iter(records), task, serializer("kryo"), () -> 0L)));

    assertThat(result).isEqualTo(spark(agg, records));
    assertThat(opened).hasValue(0);
  }

  @Test
  void auto_elevatedPressureAtStart_keepsSparksPath() {
    Aggregator<Object, Long, Long> agg = reduceAggregator(ReduceSideAggregationTest::nullableSum);
    List<Product2<Object, Long>> records = partialSums();

    Map<Object, Object> result = asMap(runAndCollect(aggregation(TieredAggregationMode.AUTO, () -> PressureLevel.ELEVATED)
        .combineCombinersByKey(agg, iter(records), task, serializer("kryo"), () -> 0L)));

    assertThat(result).isEqualTo(spark(agg, records));
    assertThat(opened).hasValue(0);
  }

  @Test
  void auto_highPressureAtStart_mergesInTheStoreFromTheFirstRecord() {
    Aggregator<Object, Long, Long> agg = reduceAggregator(ReduceSideAggregationTest::nullableSum);
    List<Product2<Object, Long>> records = partialSums();
    PressureLevel[] level = {PressureLevel.HIGH};

    Map<Object, Object> result = asMap(runAndCollect(aggregation(TieredAggregationMode.AUTO, () -> level[0])
        .combineCombinersByKey(agg, iter(records), task, serializer("kryo"), () -> 0L)));

    assertThat(result).isEqualTo(spark(agg, records));
    assertThat(opened).hasValue(1);
    assertThat(stores.get(0).stats().misses()).as("one miss per distinct key, all in the store").isEqualTo(20_000);
  }

  @Test
  void never_elevatedPressure_keepsSparksPath() {
    Aggregator<Object, Long, Long> agg = reduceAggregator(ReduceSideAggregationTest::nullableSum);
    List<Product2<Object, Long>> records = partialSums();

    Map<Object, Object> result = asMap(runAndCollect(aggregation(TieredAggregationMode.NEVER, () -> PressureLevel.CRITICAL)
        .combineCombinersByKey(agg, iter(records), task, serializer("kryo"), () -> 0L)));

    assertThat(result).isEqualTo(spark(agg, records));
    assertThat(opened).hasValue(0);
  }

  /** Takes all the execution memory it can get, so the task memory manager makes other consumers spill. */
  private static final class Hog extends MemoryConsumer {
    Hog(TaskContextImpl task) {
      super(task.taskMemoryManager(), task.taskMemoryManager().pageSizeBytes(), MemoryMode.ON_HEAP);
    }

    @Override
    public long spill(long size, MemoryConsumer trigger) {
      return 0;
    }

    void grabAndRelease() {
      long got = acquireMemory(Long.MAX_VALUE / 4);
      freeMemory(got);
    }
  }

  /** 600 000 records over 300 000 keys; Spark's map is made to spill at record {@code spillAt}, at {@code level}. */
  private Iterator<Product2<Object, Long>> spillingAt(List<Product2<Object, Long>> records, int spillAt,
      PressureLevel[] level, PressureLevel levelAtSpill) {
    Hog hog = new Hog(task);
    java.util.Iterator<Product2<Object, Long>> source = records.iterator();
    AtomicInteger read = new AtomicInteger();
    return CollectionConverters.asScala(new java.util.Iterator<>() {
      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public Product2<Object, Long> next() {
        if (read.incrementAndGet() == spillAt) {
          level[0] = levelAtSpill;
          hog.grabAndRelease(); // Spark's map must spill now
        }
        return source.next();
      }
    });
  }

  private static List<Product2<Object, Long>> twoRoundsOf300kKeys() {
    List<Product2<Object, Long>> records = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (long k = 0; k < 300_000; k++) {
        records.add(new Tuple2<>(k, k + round));
      }
    }
    return records;
  }

  @Test
  void auto_sparksMapWouldSpillUnderHighPressure_handsItsCombinersToTheStoreAndMatchesSpark() {
    Aggregator<Object, Long, Long> agg = reduceAggregator(ReduceSideAggregationTest::nullableSum);
    List<Product2<Object, Long>> records = twoRoundsOf300kKeys();
    PressureLevel[] level = {PressureLevel.NORMAL};
    // mid second round: half the keys are merged again after the switch
    Iterator<Product2<Object, Long>> input = spillingAt(records, 450_000, level, PressureLevel.HIGH);

    Map<Object, Object> result = asMap(runAndCollect(aggregation(TieredAggregationMode.AUTO, () -> level[0])
        .combineCombinersByKey(agg, input, task, serializer("kryo"), () -> 0L)));

    assertThat(result).isEqualTo(spark(agg, records)).hasSize(300_000);
    assertThat(opened).hasValue(1);
    assertThat(stores.get(0).stats().offHeapBytesWritten()).isPositive();
    assertThat(task.taskMetrics().diskBytesSpilled()).as("Spark's map wrote no spill file").isZero();

    LocalSpark.endTask(task);
    task = null;

    assertThat(stores.get(0).stats().offHeapBytesWritten()).isPositive();
    assertThat(dir.toFile().listFiles()).isEmpty();
  }

  @Test
  void auto_sparksMapWouldSpillAtElevatedPressure_spillsAsSparkDoes() {
    Aggregator<Object, Long, Long> agg = reduceAggregator(ReduceSideAggregationTest::nullableSum);
    List<Product2<Object, Long>> records = twoRoundsOf300kKeys();
    PressureLevel[] level = {PressureLevel.NORMAL};
    Iterator<Product2<Object, Long>> input = spillingAt(records, 450_000, level, PressureLevel.ELEVATED);

    Map<Object, Object> result = asMap(runAndCollect(aggregation(TieredAggregationMode.AUTO, () -> level[0])
        .combineCombinersByKey(agg, input, task, serializer("kryo"), () -> 0L)));

    assertThat(result).isEqualTo(spark(agg, records)).hasSize(300_000);
    assertThat(opened).hasValue(0);
    assertThat(task.taskMetrics().diskBytesSpilled()).as("Spark's spill file").isPositive();
  }

  /** Equal when the names are equal ignoring case: its serialized bytes keep the case, so bytes may not decide. */
  static final class CaseInsensitive implements Serializable {
    final String name;

    CaseInsensitive(String name) {
      this.name = name;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CaseInsensitive c && c.name.equalsIgnoreCase(name);
    }

    @Override
    public int hashCode() {
      return name.toLowerCase(Locale.ROOT).hashCode();
    }
  }

  @Test
  void auto_keyComparedByEqualsOnly_staysOnSparksPathEvenUnderPressure() {
    Aggregator<Object, Long, Long> agg = reduceAggregator(ReduceSideAggregationTest::nullableSum);
    List<Product2<Object, Long>> records = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      records.add(new Tuple2<>(new CaseInsensitive("k" + i), 1L));
      records.add(new Tuple2<>(new CaseInsensitive("K" + i), 1L));
    }

    Map<Object, Object> result = asMap(runAndCollect(aggregation(TieredAggregationMode.AUTO, () -> PressureLevel.CRITICAL)
        .combineCombinersByKey(agg, iter(records), task, serializer("java"), () -> 0L)));

    assertThat(result).isEqualTo(spark(agg, records)).hasSize(1_000);
    assertThat(opened).hasValue(0);
  }

  @Test
  void auto_nonCanonicalKeyAfterTheStoreStarted_drainsBackIntoSparksMap() {
    Aggregator<Object, Long, Long> agg = reduceAggregator(ReduceSideAggregationTest::nullableSum);
    List<Product2<Object, Long>> records = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      records.add(new Tuple2<>("k" + (i % 1_000), 1L));
    }
    for (int i = 0; i < 1_000; i++) {
      records.add(new Tuple2<>(new CaseInsensitive("k" + i), 1L));
      records.add(new Tuple2<>(new CaseInsensitive("K" + i), 1L));
      records.add(new Tuple2<>("k" + i, 1L));
    }

    Map<Object, Object> result = asMap(runAndCollect(aggregation(TieredAggregationMode.AUTO, () -> PressureLevel.HIGH)
        .combineCombinersByKey(agg, iter(records), task, serializer("java"), () -> 0L)));

    assertThat(result).isEqualTo(spark(agg, records)).hasSize(2_000);
    assertThat(opened).hasValue(1);
  }

  @Test
  void auto_storeUnavailable_fallsBackToSparksPath() {
    Aggregator<Object, Long, Long> agg = reduceAggregator(ReduceSideAggregationTest::nullableSum);
    List<Product2<Object, Long>> records = partialSums();
    ReduceSideAggregation unavailable = new ReduceSideAggregation(TieredAggregationMode.AUTO, () -> PressureLevel.HIGH,
        (context, ser) -> {
          opened.incrementAndGet();
          return Optional.empty();
        });

    Map<Object, Object> result = asMap(runAndCollect(
        unavailable.combineCombinersByKey(agg, iter(records), task, serializer("kryo"), () -> 0L)));

    assertThat(result).isEqualTo(spark(agg, records));
    assertThat(opened).hasValue(1);
  }

  @Test
  void always_taskSucceeds_leavesNoFile() {
    Aggregator<Object, Long, Long> agg = reduceAggregator(ReduceSideAggregationTest::nullableSum);
    runAndCollect(aggregation(TieredAggregationMode.ALWAYS, () -> PressureLevel.NORMAL)
        .combineCombinersByKey(agg, iter(partialSums()), task, serializer("kryo"), () -> 0L));
    assertThat(dir.toFile().listFiles()).as("drain deleted each map once read").isEmpty();

    LocalSpark.endTask(task);
    task = null;

    assertThat(dir.toFile().listFiles()).isEmpty();
    assertThat(stores.get(0).stats().offHeapMaps()).isGreaterThan(1);
  }

  @Test
  void always_taskFailsMidMerge_deletesEveryFileAtTaskEnd() {
    AtomicInteger merges = new AtomicInteger();
    Aggregator<Object, Long, Long> agg = reduceAggregator((a, b) -> {
      if (merges.incrementAndGet() == 15_000) {
        throw new IllegalStateException("user function failed");
      }
      return nullableSum(a, b);
    });

    assertThatThrownBy(() -> aggregation(TieredAggregationMode.ALWAYS, () -> PressureLevel.NORMAL)
        .combineCombinersByKey(agg, iter(partialSums()), task, serializer("kryo"), () -> 0L))
        .hasMessage("user function failed");
    assertThat(dir.toFile().listFiles()).as("maps exist while the task runs").isNotEmpty();

    task.markTaskFailed(new IllegalStateException("user function failed"));
    LocalSpark.endTask(task);
    task = null;

    File[] left = dir.toFile().listFiles();
    assertThat(left).isEmpty();
  }

  /** aggregateByKey(new HashSet)(add, addAll): map-side combiners are sets, merged in place by union. */
  private static Aggregator<Object, HashSet<Integer>, HashSet<Integer>> setUnion() {
    scala.Function2<HashSet<Integer>, HashSet<Integer>, HashSet<Integer>> union = (a, b) -> {
      a.addAll(b);
      return a;
    };
    return new Aggregator<>(v -> v, union, union);
  }

  /** 200 × {@code coldPerRound} cold keys with small sets, one hot key whose sets add up to 20 000 values. */
  private static List<Product2<Object, HashSet<Integer>>> setsWithOneHugeKey(int coldPerRound) {
    List<Product2<Object, HashSet<Integer>>> out = new ArrayList<>();
    for (int m = 0; m < 200; m++) {
      for (int k = 0; k < coldPerRound; k++) {
        out.add(new Tuple2<>("cold-" + (k * 200 + m), new HashSet<>(List.of(m, k))));
      }
      HashSet<Integer> hot = new HashSet<>();
      for (int v = 0; v < 100; v++) {
        hot.add(m * 100 + v);
      }
      out.add(new Tuple2<>("hot", hot));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "kryo"})
  void always_combinerGrowsPastMaxValueBytes_pinnedOnHeapWithTheSameResult(String ser) {
    maxValueBytes = 64 << 10; // the hot set passes it after about 1 000 of its 20 000 values
    Aggregator<Object, HashSet<Integer>, HashSet<Integer>> agg = setUnion();

    Map<Object, Object> result = asMap(runAndCollect(aggregation(TieredAggregationMode.ALWAYS, () -> PressureLevel.NORMAL)
        .combineCombinersByKey(agg, iter(setsWithOneHugeKey(10)), task, serializer(ser), () -> 0L)));

    assertThat((HashSet<?>) result.get("hot")).hasSize(20_000);
    assertThat(result).hasSize(2_001).isEqualTo(spark(agg, setsWithOneHugeKey(10)));
    assertThat(opened).hasValue(1);
    assertThat(stores.get(0).stats().misses()).as("each cold key new once, the hot one once before it was pinned")
        .isEqualTo(2_001);
  }

  @Test
  void auto_hugeCombinerHandedOverFromSparksMap_pinnedOnHeapWithTheSameResult() {
    maxValueBytes = 64 << 10;
    Aggregator<Object, HashSet<Integer>, HashSet<Integer>> agg = setUnion();
    List<Product2<Object, HashSet<Integer>>> records = setsWithOneHugeKey(300); // 60 000 keys: Spark's map holds memory
    PressureLevel[] level = {PressureLevel.NORMAL};
    Hog hog = new Hog(task);
    java.util.Iterator<Product2<Object, HashSet<Integer>>> source = setsWithOneHugeKey(300).iterator();
    AtomicInteger read = new AtomicInteger();
    Iterator<Product2<Object, HashSet<Integer>>> input = CollectionConverters.asScala(new java.util.Iterator<>() {
      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public Product2<Object, HashSet<Integer>> next() {
        if (read.incrementAndGet() == records.size() / 2) { // the hot set holds 10 000 values by now
          level[0] = PressureLevel.HIGH;
          hog.grabAndRelease(); // Spark's map must spill: it hands its combiners to the store
        }
        return source.next();
      }
    });

    Map<Object, Object> result = asMap(runAndCollect(aggregation(TieredAggregationMode.AUTO, () -> level[0])
        .combineCombinersByKey(agg, input, task, serializer("kryo"), () -> 0L)));

    assertThat((HashSet<?>) result.get("hot")).hasSize(20_000);
    assertThat(result).hasSize(60_001).isEqualTo(spark(agg, setsWithOneHugeKey(300)));
    assertThat(opened).as("the store took Spark's combiners, the hot one pinned on heap").hasValue(1);
  }

  @Test
  void merge_combinerPastMaxValueBytes_pinnedAndMergedInPlaceNeverSerialized() {
    maxValueBytes = 1 << 10;
    TieredStore<Object> store = opener().open(task, serializer("kryo").newInstance()).orElseThrow();
    List<HashSet<Integer>> merged = new ArrayList<>();
    scala.Function2<HashSet<Integer>, HashSet<Integer>, HashSet<Integer>> union = (a, b) -> {
      merged.add(a);
      a.addAll(b);
      return a;
    };
    TieredCombiner<Object, HashSet<Integer>> combiner = new TieredCombiner<>(store, serializer("kryo").newInstance(),
        union, task, "test");
    HashSet<Integer> big = new HashSet<>();
    for (int v = 0; v < 10_000; v++) {
      big.add(v);
    }
    combiner.merge("hot", big);
    combiner.merge("cold", new HashSet<>(List.of(1)));
    combiner.merge("hot", new HashSet<>(List.of(-1, -2)));

    assertThat(combiner.pinnedKeys()).isEqualTo(1);
    assertThat(merged).as("merged into the pinned object itself").containsExactly(big);
    assertThat(store.size()).as("only the cold key is in the store").isEqualTo(1);
    assertThat(store.stats().offHeapBytesWritten()).isZero();

    Map<Object, Object> out = asMap(runAndCollect(combiner.drain()));
    assertThat(out).containsOnlyKeys("hot", "cold");
    assertThat(out.get("hot")).isSameAs(big);
    assertThat(big).hasSize(10_002);
  }
}

package io.spillway.it.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import scala.Tuple2;

/**
 * RDD shuffles through {@code SpillwayShuffleManager} on two executor JVMs give the same results as on
 * stock Spark. Each mode's cluster starts once; every job runs in it; the tests compare.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RddShuffleIT {

  /** Keys 0..KEYS-1; key 0 gets a third of the records so one reduce partition is clearly bigger. */
  private static final int KEYS = 200;
  private static final int RECORDS = 30_000;
  /** Map tasks of every shuffle: several per executor, so each reduce task fetches local and remote blocks. */
  private static final int MAP_PARTITIONS = 6;

  private final Map<ShuffleClusters, Results> results = new EnumMap<>(ShuffleClusters.class);

  /** Everything one mode computed. */
  private static final class Results {
    TreeSet<String> executorManagers;
    int executorsThatRanTasks;
    Map<Integer, Long> reduceByKey;
    Map<Integer, List<Integer>> groupByKey;
    List<Integer> sortByKeyOrder;
    List<Integer> sortByKeyDescendingOrder;
    Map<Integer, List<String>> join;
    Map<Integer, String> leftOuterJoin;
    Map<Integer, String> cogroup;
    Map<Integer, Integer> repartitionCounts;
    long repartitionTotal;
    int repartitionPartitions;
  }

  @BeforeAll
  void runAllJobsInBothModes() throws InterruptedException {
    for (ShuffleClusters mode : ShuffleClusters.values()) {
      try (JavaSparkContext sc = new JavaSparkContext(mode.conf("rdd-shuffle-it", RddShuffleIT.class))) {
        ShuffleClusters.awaitExecutors(sc);
        results.put(mode, runJobs(sc));
        mode.assertExecutorsUse(sc);
      }
    }
  }

  private static Results runJobs(JavaSparkContext sc) {
    Results r = new Results();
    r.executorManagers = ShuffleClusters.executorShuffleManagers(sc);
    r.executorsThatRanTasks = (int) r.executorManagers.stream().map(s -> s.split(" ")[0]).distinct().count();

    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      ids.add(i);
    }
    JavaPairRDD<Integer, Integer> pairs = sc.parallelize(ids, MAP_PARTITIONS)
        .mapToPair(i -> new Tuple2<>(i % 3 == 0 ? 0 : i % KEYS, i));

    // Map-side combine + aggregator (combineCombinersByKey on the reduce side).
    r.reduceByKey = new TreeMap<>(pairs.mapValues(v -> (long) v).reduceByKey(Long::sum, 4).collectAsMap());
    // Aggregator without map-side combine (combineValuesByKey), values sorted to compare.
    r.groupByKey = new TreeMap<>();
    pairs.groupByKey(5).mapValues(vs -> {
      List<Integer> l = new ArrayList<>();
      vs.forEach(l::add);
      l.sort(null);
      return l;
    }).collectAsMap().forEach(r.groupByKey::put);
    // Key ordering without aggregator (ExternalSorter on the reduce side); the order is the result.
    r.sortByKeyOrder = pairs.sortByKey(true, 4).keys().collect();
    r.sortByKeyDescendingOrder = pairs.mapToPair(t -> new Tuple2<>(t._2(), t._1())).sortByKey(false, 3).keys()
        .collect();

    JavaPairRDD<Integer, String> names = sc.parallelize(ids.subList(0, 500), 3)
        .mapToPair(i -> new Tuple2<>(i % (KEYS + 50), "n" + i));
    JavaPairRDD<Integer, Integer> small = pairs.filter(t -> t._2() % 7 == 0);
    // join = cogroup (CoGroupedRDD reads both parents through getReader) + flatMap.
    r.join = new TreeMap<>();
    small.join(names, 4).mapValues(t -> t._1() + ":" + t._2()).groupByKey().mapValues(vs -> {
      List<String> l = new ArrayList<>();
      vs.forEach(l::add);
      l.sort(null);
      return l;
    }).collectAsMap().forEach(r.join::put);
    r.leftOuterJoin = new TreeMap<>(names.leftOuterJoin(small.reduceByKey(Integer::max), 3)
        .mapValues(t -> t._1() + "/" + t._2().orElse(-1)).reduceByKey((a, b) -> a.compareTo(b) < 0 ? a : b)
        .collectAsMap());
    r.cogroup = new TreeMap<>(small.cogroup(names, 4).mapValues(t -> {
      List<Integer> a = new ArrayList<>();
      t._1().forEach(a::add);
      a.sort(null);
      List<String> b = new ArrayList<>();
      t._2().forEach(b::add);
      b.sort(null);
      return a.size() + "|" + a.hashCode() + "|" + b;
    }).collectAsMap());

    // repartition: a round-robin shuffle (no key, no aggregator), the plain pass-through read.
    JavaPairRDD<Integer, Integer> repartitioned = pairs.repartition(7);
    r.repartitionPartitions = repartitioned.getNumPartitions();
    r.repartitionTotal = repartitioned.values().map(v -> (long) v).reduce(Long::sum);
    r.repartitionCounts = new TreeMap<>(repartitioned.countByKey().entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().intValue())));
    return r;
  }

  private Results stock() {
    return results.get(ShuffleClusters.STOCK);
  }

  private Results spillway() {
    return results.get(ShuffleClusters.SPILLWAY);
  }

  @Test
  void executors_spillwayRun_useSpillwayShuffleManagerOnBothExecutors() {
    assertThat(spillway().executorManagers).allSatisfy(m -> assertThat(m)
        .contains(" io.spillway.shuffle.SpillwayShuffleManager SpillwayShuffleManager{executor, reader Spillway,"));
    assertThat(stock().executorManagers)
        .allSatisfy(m -> assertThat(m.split(" ")[1]).isEqualTo("org.apache.spark.shuffle.sort.SortShuffleManager"));
    assertThat(spillway().executorsThatRanTasks).isEqualTo(ShuffleClusters.EXECUTORS);
  }

  @Test
  void reduceByKey_spillway_sameAsStock() {
    assertThat(spillway().reduceByKey).hasSize(KEYS).isEqualTo(stock().reduceByKey);
    long expectedKey0 = 0;
    for (int i = 0; i < RECORDS; i++) {
      if (i % 3 == 0 || i % KEYS == 0) {
        expectedKey0 += i;
      }
    }
    assertThat(spillway().reduceByKey.get(0)).isEqualTo(expectedKey0);
  }

  @Test
  void groupByKey_spillway_sameAsStock() {
    assertThat(spillway().groupByKey).hasSize(KEYS).isEqualTo(stock().groupByKey);
    assertThat(spillway().groupByKey.values().stream().mapToInt(List::size).sum()).isEqualTo(RECORDS);
  }

  @Test
  void sortByKey_spillway_sameOrderAsStockAndSorted() {
    assertThat(spillway().sortByKeyOrder).hasSize(RECORDS).isSorted().isEqualTo(stock().sortByKeyOrder);
    List<Integer> descending = spillway().sortByKeyDescendingOrder;
    assertThat(descending).hasSize(RECORDS).isEqualTo(stock().sortByKeyDescendingOrder);
    assertThat(descending.get(0)).isEqualTo(RECORDS - 1);
    assertThat(descending.get(RECORDS - 1)).isZero();
  }

  @Test
  void join_spillway_sameAsStock() {
    assertThat(spillway().join).isNotEmpty().isEqualTo(stock().join);
    assertThat(spillway().leftOuterJoin).hasSize(KEYS + 50).isEqualTo(stock().leftOuterJoin);
  }

  @Test
  void cogroup_spillway_sameAsStock() {
    assertThat(spillway().cogroup).hasSize(KEYS + 50).isEqualTo(stock().cogroup);
  }

  @Test
  void repartition_spillway_sameRecordsAsStock() {
    assertThat(spillway().repartitionPartitions).isEqualTo(7);
    assertThat(spillway().repartitionCounts).isEqualTo(stock().repartitionCounts);
    assertThat(spillway().repartitionTotal).isEqualTo((long) RECORDS * (RECORDS - 1) / 2)
        .isEqualTo(stock().repartitionTotal);
  }
}

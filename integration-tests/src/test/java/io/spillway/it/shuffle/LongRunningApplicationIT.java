package io.spillway.it.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * One SparkContext running many jobs as a notebook would — a mix of the seed cases' shapes at small scale in
 * {@code local-cluster[2,1,1024]} — and nothing piling up: after each job's RDDs are dropped and Spark's
 * ContextCleaner removed its shuffles and blocks, no Spillway, shuffle or RDD-block file is left in either
 * executor's local dirs; and the executors' live threads, Spillway's threads, direct and mapped buffer memory and
 * old generation after a full GC at the end of the run are not above the start's (the first ten jobs against the
 * last ten, tolerances below). The figures are read inside the executor JVMs by a probe job
 * ({@link ExecutorVitals}). Then the context is stopped and a second one started in the same driver JVM, whose job
 * must be right: the plugin and the shuffle manager keep no state that outlives their context.
 *
 * <p>Not in CI ({@code mvn verify}): 100 jobs took 21 minutes on a 2-core machine shared with other builds.
 * {@code bin/spillway faults} runs it; the system property {@code spillway.longRunning.jobs} (at least 20) runs
 * fewer.
 */
class LongRunningApplicationIT {

  /** Jobs at each end of the run whose figures are compared. */
  private static final int WINDOW = 10;
  /** Jobs in one context when the system property does not say. */
  private static final int DEFAULT_JOBS = 100;
  private static final int RECORDS = 200_000;
  private static final int KEYS = 1000;
  /** Longest the cleanup of one job's shuffles and blocks may take. */
  private static final long CLEANUP_TIMEOUT_MILLIS = 60_000;

  /**
   * Thread growth allowed between the two windows (max against max). Spark starts some pools lazily and lets idle
   * threads lapse after 60 s, so a few come and go (measured: 92 to 123 live threads from job to job once warm);
   * a leak of one thread per job, or per ten jobs, is more than this over the 80 jobs between the windows.
   */
  private static final int THREAD_TOLERANCE = 6;
  /**
   * Direct-memory growth allowed (max against max): Netty's pooled allocator keeps chunks once allocated, so a late
   * first use of a chunk is not a leak; a leaked 128 KiB buffer per job, over 80 jobs, is.
   */
  private static final long DIRECT_TOLERANCE_BYTES = 8L << 20;
  /**
   * Old-generation growth allowed after a full GC (the last window's lowest against the first's highest): the
   * first jobs load Chronicle Map and Spark's classes (measured: 30 MiB after job 1, 69 MiB after job 3, then
   * flat); a retained 80 KiB per job, over the 80 jobs between the windows, passes this.
   */
  private static final long OLD_GEN_TOLERANCE_BYTES = 6L << 20;

  /** The shapes the mix cycles through. */
  enum Shape { HOT_GROUP, SKEWED_JOIN, TIERED_REDUCE, CACHED_REUSE }

  @Test
  void manyJobsInOneContext_leaveNothingBehindAndExecutorsDoNotGrow_andASecondContextIsRight() throws Exception {
    int jobs = Integer.getInteger("spillway.longRunning.jobs", DEFAULT_JOBS);
    assertThat(jobs).as("jobs, at least two windows").isGreaterThanOrEqualTo(2 * WINDOW);
    Map<String, List<ExecutorVitals>> byExecutor = new TreeMap<>();
    JavaSparkContext sc = new JavaSparkContext(conf("long-running-it"));
    try {
      ShuffleClusters.awaitExecutors(sc);
      LongAccumulator spilledGroups = sc.sc().longAccumulator("spilled hot groups");
      for (int job = 0; job < jobs; job++) {
        Shape shape = Shape.values()[job % Shape.values().length];
        runAndCheck(sc, shape, spilledGroups);
        Map<String, ExecutorVitals> after = awaitCleaned(sc);
        after.forEach((exec, v) -> byExecutor.computeIfAbsent(exec, e -> new ArrayList<>()).add(v));
        System.out.printf("job %d (%s): %s%n", job + 1, shape, after);
      }
      assertThat(spilledGroups.value()).as("hot groups that reached user code spilled").isPositive();
      assertThat(byExecutor).hasSize(ShuffleClusters.EXECUTORS);
      byExecutor.forEach(LongRunningApplicationIT::assertNoGrowth);
    } finally {
      sc.stop();
    }

    JavaSparkContext second = new JavaSparkContext(conf("long-running-it-second"));
    try {
      ShuffleClusters.awaitExecutors(second);
      ShuffleClusters.SPILLWAY.assertExecutorsUse(second);
      LongAccumulator spilled = second.sc().longAccumulator("spilled hot groups");
      runAndCheck(second, Shape.HOT_GROUP, spilled);
      runAndCheck(second, Shape.TIERED_REDUCE, spilled);
      assertThat(spilled.value()).as("the second context's hot group spilled").isPositive();
      assertThat(awaitCleaned(second)).allSatisfy((exec, v) -> assertThat(v.noFilesLeft()).isTrue());
    } finally {
      second.stop();
    }
  }

  private static org.apache.spark.SparkConf conf(String name) {
    return ShuffleClusters.SPILLWAY.conf(name, LongRunningApplicationIT.class)
        .set("spark.spillway.shuffle.groupSpillHeapRatio", "0.001")
        .set("spark.spillway.shuffle.groupSpillCalmHeapRatio", "0.001")
        .set("spark.spillway.tiered.aggregation", "always")
        .set("spark.spillway.tiered.heapRatio", "0.0001")
        .set("spark.unsafe.exceptionOnMemoryLeak", "true")
        // shuffle cleanup waits for the executors, so a job's files are gone soon after its references are
        .set("spark.cleaner.referenceTracking.blocking.shuffle", "true");
  }

  /** Runs one job of {@code shape} and asserts its answer; every RDD it made is unreachable on return. */
  private static void runAndCheck(JavaSparkContext sc, Shape shape, LongAccumulator spilledGroups) {
    List<Integer> ids = IntStream.range(0, RECORDS).boxed().toList();
    JavaPairRDD<Integer, Long> skewed = sc.parallelize(ids, 4)
        .mapToPair(i -> new Tuple2<>(i % 3 == 0 ? 0 : i % KEYS, (long) i));
    switch (shape) {
      case HOT_GROUP -> {
        Map<Integer, Long> sums = new HashMap<>(skewed.groupByKey(2).mapValues(values -> {
          if (values.getClass().getName().contains("SpilledGroup")) {
            spilledGroups.add(1);
          }
          long sum = 0;
          for (long v : values) {
            sum += v;
          }
          return sum;
        }).collectAsMap());
        assertThat(sums).as("per-key sums of the hot-key groupByKey").isEqualTo(skewedSums());
      }
      case SKEWED_JOIN -> {
        JavaPairRDD<Integer, Long> small = sc.parallelize(IntStream.range(0, KEYS).boxed().toList(), 2)
            .mapToPair(k -> new Tuple2<>(k, (long) k * 7));
        Map<Integer, Long> joined = new HashMap<>(skewed.join(small, 2)
            .mapValues(t -> t._1() + t._2()).reduceByKey(Long::sum, 2).collectAsMap());
        Map<Integer, Long> expected = new HashMap<>();
        for (int i = 0; i < RECORDS; i++) {
          int k = i % 3 == 0 ? 0 : i % KEYS;
          expected.merge(k, i + (long) k * 7, Long::sum);
        }
        assertThat(joined).as("per-key sums of the skewed join").isEqualTo(expected);
      }
      case TIERED_REDUCE -> {
        Map<Integer, Long> sums = new HashMap<>(sc.parallelize(ids, 4)
            .mapToPair(i -> new Tuple2<>(i % 50_000, (long) i)).reduceByKey(Long::sum, 2).collectAsMap());
        Map<Integer, Long> expected = new HashMap<>();
        for (int i = 0; i < RECORDS; i++) {
          expected.merge(i % 50_000, (long) i, Long::sum);
        }
        assertThat(sums).as("per-key sums of reduceByKey in the tiered store").isEqualTo(expected);
      }
      case CACHED_REUSE -> {
        JavaPairRDD<Integer, Long> cached = skewed.persist(StorageLevel.MEMORY_AND_DISK());
        assertThat(cached.count()).isEqualTo(RECORDS);
        Map<Integer, Long> sums = new HashMap<>(cached.reduceByKey(Long::sum, 2).collectAsMap());
        cached.unpersist(true);
        assertThat(sums).as("per-key sums over the cached RDD").isEqualTo(skewedSums());
      }
      default -> throw new IllegalArgumentException(shape.name());
    }
  }

  private static Map<Integer, Long> skewedSums() {
    Map<Integer, Long> out = new HashMap<>();
    for (int i = 0; i < RECORDS; i++) {
      out.merge(i % 3 == 0 ? 0 : i % KEYS, (long) i, Long::sum);
    }
    return out;
  }

  private static Map<String, ExecutorVitals> awaitCleaned(JavaSparkContext sc) throws InterruptedException {
    return ExecutorVitals.afterCleanup(sc, ShuffleClusters.EXECUTORS, CLEANUP_TIMEOUT_MILLIS);
  }

  /** Compares one executor's first {@link #WINDOW} probes with its last. */
  private static void assertNoGrowth(String exec, List<ExecutorVitals> series) {
    assertThat(series).as("probes of executor %s", exec).hasSizeGreaterThanOrEqualTo(2 * WINDOW);
    List<ExecutorVitals> first = series.subList(0, WINDOW);
    List<ExecutorVitals> last = series.subList(series.size() - WINDOW, series.size());
    String where = "executor " + exec + ", first " + WINDOW + " jobs " + first + " against last " + last;
    assertThat(max(last, v -> v.threads())).as("live threads, " + where)
        .isLessThanOrEqualTo(max(first, v -> v.threads()) + THREAD_TOLERANCE);
    assertThat(max(last, v -> v.spillwayThreads().size())).as("Spillway's threads, " + where)
        .isLessThanOrEqualTo(max(first, v -> v.spillwayThreads().size()));
    assertThat(max(last, ExecutorVitals::directBytes)).as("direct buffer bytes, " + where)
        .isLessThanOrEqualTo(max(first, ExecutorVitals::directBytes) + DIRECT_TOLERANCE_BYTES);
    assertThat(max(last, ExecutorVitals::mappedBytes)).as("mapped buffer bytes, " + where)
        .isLessThanOrEqualTo(max(first, ExecutorVitals::mappedBytes));
    assertThat(min(last, ExecutorVitals::oldGenAfterGcBytes)).as("old generation after GC, " + where)
        .isLessThanOrEqualTo(max(first, ExecutorVitals::oldGenAfterGcBytes) + OLD_GEN_TOLERANCE_BYTES);
  }

  private static long max(List<ExecutorVitals> window, java.util.function.ToLongFunction<ExecutorVitals> figure) {
    return window.stream().mapToLong(figure).max().orElseThrow();
  }

  private static long min(List<ExecutorVitals> window, java.util.function.ToLongFunction<ExecutorVitals> figure) {
    return window.stream().mapToLong(figure).min().orElseThrow();
  }
}

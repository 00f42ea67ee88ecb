package io.spillway.it.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.spillway.it.cluster.ClusterEnvironment;
import io.spillway.runtime.compat.SparkVersion;
import io.spillway.shuffle.SpillwayShuffleManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * Spillway's drop-in jar and settings on a Spark line it does not support, with real executor JVMs: no
 * executor dies, the manager runs in safe mode (Spark's {@code SortShuffleManager} behind it) on the driver and
 * every executor, each JVM logs the safe-mode WARN once, and shuffles give the right answers.
 *
 * <p>Runs in CI's Spark 3.5 step ({@code .ci/run}: the integration-tests module's test class path and
 * SPARK_HOME from {@code -Dspark.version=3.5.8}); on a supported line it has nothing to show and is skipped.
 */
class UnsupportedSparkVersionIT {

  private static final int EXECUTORS = 2;
  private static final long EXECUTORS_UP_TIMEOUT_MILLIS = 120_000;
  private static final String SAFE_MODE_WARN = "Spillway is in safe mode here";

  @Test
  void unsupportedSpark_executorsStayUpSafeModeAndRightAnswers() throws Exception {
    SparkVersion version = SparkVersion.running();
    assumeFalse(version.isSupported(), "Spark " + version + " is supported; this test runs on an unsupported line");

    ClusterEnvironment env = ClusterEnvironment.detect();
    List<Path> userClassPath = List.of(ClusterEnvironment.classPathOf(UnsupportedSparkVersionIT.class),
        ClusterEnvironment.classPathOf(ClusterEnvironment.class));
    AtomicInteger added = new AtomicInteger();
    AtomicInteger removed = new AtomicInteger();
    JavaSparkContext sc = new JavaSparkContext(env.localClusterConf(EXECUTORS, 1, 1024, true, userClassPath)
        .setAppName("unsupported-spark-" + version));
    try {
      sc.sc().addSparkListener(new SparkListener() {
        @Override
        public void onExecutorAdded(SparkListenerExecutorAdded event) {
          added.incrementAndGet();
        }

        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
          removed.incrementAndGet();
        }
      });
      awaitExecutors(sc);

      Object driverManager = SparkEnv.get().shuffleManager();
      assertThat(driverManager).isInstanceOf(SpillwayShuffleManager.class);
      assertThat(((SpillwayShuffleManager) driverManager).safeMode()).isTrue();

      // groupByKey (no map-side combine) and reduceByKey (map-side combine): the paths Spillway would take over
      List<Tuple2<Integer, Integer>> pairs = new ArrayList<>();
      for (int i = 0; i < 100_000; i++) {
        pairs.add(new Tuple2<>(i % 10 == 0 ? 0 : i % 97, 1));
      }
      JavaPairRDD<Integer, Integer> rdd = sc.parallelizePairs(pairs, 8);
      Map<Integer, Integer> grouped = new TreeMap<>(rdd.groupByKey(6).mapValues(v -> {
        int n = 0;
        for (Integer ignored : v) {
          n++;
        }
        return n;
      }).collectAsMap());
      Map<Integer, Integer> reduced = new TreeMap<>(rdd.reduceByKey(Integer::sum, 6).collectAsMap());
      Map<Integer, Integer> expected = new TreeMap<>();
      for (Tuple2<Integer, Integer> p : pairs) {
        expected.merge(p._1(), 1, Integer::sum);
      }
      assertThat(grouped).isEqualTo(expected);
      assertThat(reduced).isEqualTo(expected);
      List<Integer> sorted = rdd.keys().distinct(4).sortBy(k -> k, true, 4).collect();
      assertThat(sorted).isSorted().hasSize(expected.size());

      TreeSet<String> managers = new TreeSet<>();
      for (int round = 0; round < 5 && managers.size() < EXECUTORS; round++) {
        managers.addAll(sc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8).map(i -> SparkEnv.get().executorId()
            + " " + SparkEnv.get().shuffleManager()).collect());
      }
      assertThat(managers).hasSize(EXECUTORS)
          .allSatisfy(m -> assertThat(m).contains("SpillwayShuffleManager{executor, safe mode"));

      assertThat(removed.get()).as("executors lost").isZero();
      assertThat(added.get()).as("executors started (a crash loop starts more)").isEqualTo(EXECUTORS);
      assertThat(env.executorLogs(sc.sc().applicationId())).hasSize(EXECUTORS)
          .allSatisfy((exec, log) -> {
            assertThat(occurrences(log, SAFE_MODE_WARN)).as("safe-mode WARNs in executor %s's log", exec).isEqualTo(1);
            assertThat(log).doesNotContain("LinkageError").doesNotContain("NoClassDefFoundError")
                .doesNotContain("NoSuchMethodError");
          });
    } finally {
      sc.stop();
    }
  }

  private static void awaitExecutors(JavaSparkContext sc) throws InterruptedException {
    long deadline = System.nanoTime() + EXECUTORS_UP_TIMEOUT_MILLIS * 1_000_000;
    while (sc.sc().statusTracker().getExecutorInfos().length < EXECUTORS + 1) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + (sc.sc().statusTracker().getExecutorInfos().length - 1) + " of "
            + EXECUTORS + " executors registered; see the worker logs");
      }
      Thread.sleep(200);
    }
  }

  private static int occurrences(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}

package io.spillway.it.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.it.cluster.ClusterEnvironment;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * The two ways a shuffle IT runs the same jobs: on stock Spark ({@code SortShuffleManager}) and with
 * Spillway's drop-in jar, each in {@code local-cluster[2,1,1024]} (two executor JVMs, so blocks are
 * fetched remotely as well as locally).
 */
enum ShuffleClusters {
  STOCK(false),
  SPILLWAY(true);

  /** Two executors so that every shuffle has remote blocks to fetch. */
  static final int EXECUTORS = 2;

  /** How long to wait for both executor JVMs to register before the first job. */
  private static final long EXECUTORS_UP_TIMEOUT_MILLIS = 90_000;

  private final boolean spillway;

  ShuffleClusters(boolean spillway) {
    this.spillway = spillway;
  }

  boolean spillway() {
    return spillway;
  }

  /** The conf of this mode: Spillway's shuffle manager and plugin on executors and driver, or neither. */
  SparkConf conf(String appName, Class<?> testClass) {
    return conf(appName, testClass, 1);
  }

  /** As {@link #conf(String, Class)} with {@code coresPerExecutor} task slots per executor. */
  SparkConf conf(String appName, Class<?> testClass, int coresPerExecutor) {
    ClusterEnvironment env = ClusterEnvironment.detect();
    // The test classes (the jobs' closures) and the module's main classes (what they may reference).
    List<java.nio.file.Path> userClassPath = List.of(ClusterEnvironment.classPathOf(testClass),
        ClusterEnvironment.classPathOf(ClusterEnvironment.class));
    return env.localClusterConf(EXECUTORS, coresPerExecutor, 1024, spillway, userClassPath)
        .setAppName(appName + "-" + name().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Blocks until both executors have registered (setup, not an assertion about speed), so that jobs
   * really spread over two JVMs.
   */
  static void awaitExecutors(JavaSparkContext sc) throws InterruptedException {
    long deadline = System.nanoTime() + EXECUTORS_UP_TIMEOUT_MILLIS * 1_000_000;
    // getExecutorInfos includes the driver.
    while (sc.sc().statusTracker().getExecutorInfos().length < EXECUTORS + 1) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + (sc.sc().statusTracker().getExecutorInfos().length - 1) + " of "
            + EXECUTORS + " executors registered within " + EXECUTORS_UP_TIMEOUT_MILLIS + " ms; see the worker logs");
      }
      Thread.sleep(200);
    }
  }

  /** "executorId managerClass manager.toString()" of every executor that ran one of 8 tasks. */
  static TreeSet<String> executorShuffleManagers(JavaSparkContext sc) {
    // Eight tiny tasks may all land on one executor when the other is slow to take its first task (a
    // loaded machine): probe again, a bounded number of times, until every executor has answered.
    TreeSet<String> seen = new TreeSet<>();
    for (int round = 0; round < 5 && seen.stream().map(m -> m.split(" ")[0]).distinct().count() < EXECUTORS; round++) {
      seen.addAll(sc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8).map(new ShuffleManagerProbe()).collect());
    }
    return seen;
  }

  /** Runs on an executor: its id, the class of its shuffle manager and the manager's description. */
  static final class ShuffleManagerProbe implements Function<Integer, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call(Integer ignored) {
      Object manager = SparkEnv.get().shuffleManager();
      // SpillwayShuffleManager's toString says whether reads go through Spillway's reader.
      return SparkEnv.get().executorId() + " " + manager.getClass().getName() + " " + manager;
    }
  }

  /** Asserts every executor of this context runs the expected shuffle manager class. */
  void assertExecutorsUse(JavaSparkContext sc) {
    String expected = spillway ? "io.spillway.shuffle.SpillwayShuffleManager"
        : "org.apache.spark.shuffle.sort.SortShuffleManager";
    TreeSet<String> managers = executorShuffleManagers(sc);
    assertThat(managers).isNotEmpty().allSatisfy(m -> assertThat(m.split(" ")[1]).isEqualTo(expected));
  }
}

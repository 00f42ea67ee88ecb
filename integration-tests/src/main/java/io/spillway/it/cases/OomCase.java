package io.spillway.it.cases;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One workload of the seed OOM suite: a self-contained Spark job whose expected answer is computed
 * without Spark's shuffle, so that "survived" means "finished with the right answer".
 *
 * <p>Benchmark workloads ({@code B1}, {@code B2}: no memory pressure, for {@code spillway bench}) follow the
 * same contract so that the same runner and judging serve both, and say so with {@link #isSeedCase()}.
 *
 * <p>Implementations are stateless; the harness runs each in its own driver JVM against a local
 * cluster of real executor JVMs, stock and Spillway at the same memory.
 */
public interface OomCase {

  /**
   * The job group a workload puts the jobs that prepare its input in (e.g. generating TPC-H tables once):
   * {@code spillway bench} times a run's other jobs only.
   */
  String SETUP_JOB_GROUP = "spillway-bench-setup";

  /** Short id used on the command line and in reports: {@code S1} … {@code S11}, {@code B1} …. */
  String id();

  /** One line for the report, e.g. "groupByKey with one hot key". */
  String title();

  /** The seed catalogue entries this case reproduces, e.g. "5, 11, 31". */
  String seedCases();

  /** Default parameters at scale 1.0: sized so stock Spark fails at 2 executors of 512 MiB. */
  CaseParams defaults();

  /**
   * Spark settings this workload needs that are part of the case itself (the same for stock and
   * Spillway), e.g. a generous {@code spark.reducer.maxSizeInFlight} for S7. Empty by default.
   */
  default Map<String, String> sparkConf() {
    return Map.of();
  }

  /**
   * True for the seed OOM suite, which {@code spillway ab} runs when no {@code --cases} are given; false
   * for a benchmark workload, which runs only when named.
   */
  default boolean isSeedCase() {
    return true;
  }

  /**
   * True for a {@code spillway bench} workload; by default every case that is not a seed case. A variant that is
   * neither (e.g. {@code S2S}, S2 rewritten with Spillway's API) runs only when named with {@code --cases}.
   */
  default boolean isBenchmark() {
    return !isSeedCase();
  }

  /**
   * True when the job calls Spillway's own API ({@code io.spillway.skew}): then the harness puts the drop-in jar
   * on the driver's and executors' class paths on the stock side as well, without setting
   * {@code spark.shuffle.manager} or {@code spark.plugins}, so stock still runs Spark's SortShuffleManager and no
   * plugin. False by default: seed cases are plain Spark jobs.
   */
  default boolean usesSpillwayApi() {
    return false;
  }

  /**
   * True when the workload prepares input on its first run that later runs reuse (TPC-H tables written once):
   * {@code spillway bench} then runs it once, untimed, before the pairs, so that no pair's first side prepares
   * the input for the other (and has its executors warmed by it). False by default.
   */
  default boolean preparesInput() {
    return false;
  }

  /**
   * Runs the job on {@code spark} and returns what it computed next to what it should have computed.
   * Exceptions from Spark (job aborted, executors lost) propagate; the runner records them.
   */
  CaseResult run(SparkSession spark, CaseParams params);
}

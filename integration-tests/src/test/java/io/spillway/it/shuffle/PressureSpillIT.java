package io.spillway.it.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.PressureActionEvent;
import io.spillway.runtime.pressure.PressureLevel;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The pressure control loop in real executor JVMs: the same {@code groupByKey} runs in
 * {@code local-cluster[2,1,1024]} with Spillway and {@code spark.spillway.control.enabled=true} twice —
 * once with default monitor thresholds, once with pressure injected (occupancy thresholds near zero, as in
 * the runtime's {@code ControlLocalMode}, passed as {@code spark.spillway.monitor.*} confs so the executors
 * read them) — and spills only in the second, where the reduce task starts at CRITICAL and its
 * {@code executionBalloon} takes half its execution memory. The driver must have received that balloon's
 * {@link PressureActionEvent} from each executor.
 *
 * <p>Sizing, from the mechanism (docs/pressure-control.md, "Sizing policies"). A 1024 MiB executor has
 * (1024 − 300 reserved) × 0.6 = ~434 MiB of unified memory, and with {@code spark.executor.cores=1} one
 * task slot, so the only running task may use all of it: Spark's {@code ExternalAppendOnlyMap} spills when
 * its estimated size reaches what the task can still acquire (a partial grant only spills once the map
 * outgrows it). At CRITICAL the balloon reserves 1/2 of the task's share, leaving ~217 MiB. So the one
 * reduce task's map must be estimated between 217 and 434 MiB; {@link #RECORDS} rows of 1 KiB aim at the
 * middle of that range on a log scale (~307 MiB), ~30 % away from either edge. Spark's estimate samples
 * the map's table, so it does not scale exactly with the rows' 1040 B each; measured (task metric
 * {@code peakExecutionMemory}, the map's peak estimate) with 340k rows: 322 MiB without pressure, i.e.
 * 0.74 × 434 and 1.48 × 217 MiB, and 222 MiB (the budget the balloon left), then spills, with pressure.
 * Each of the {@link #MAP_PARTITIONS} map tasks buffers a
 * quarter of that, far below either budget, so the map side never spills. The executors' real heap holds
 * ~350 MiB of live rows at most, below the default 70 % old-gen occupancy that would enter ELEVATED, so
 * the default-threshold run stays below HIGH and no balloon is inflated.
 *
 * <p>Timing: a balloon is only inflated for a task that <em>starts</em> at HIGH or above. So before the
 * measured job a warm-up job runs tasks that call {@code System.gc()} — with the injected thresholds any
 * collection with old-generation data is CRITICAL — and the test waits until the driver has received,
 * from every executor, the {@code executionBalloon} event engaged at CRITICAL. That event is sent after
 * the balloon action recorded the level, and the exit thresholds are near zero, so every later task on that
 * executor starts at CRITICAL. The default-threshold run does the same warm-up (without waiting for
 * events that must not come), so the two runs differ only in the thresholds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PressureSpillIT {

  private static final Logger LOG = LoggerFactory.getLogger(PressureSpillIT.class);

  /** Longs per row: 128 × 8 B = 1 KiB of payload (1040 B with the array header). */
  private static final int ROW_LONGS = 128;
  /** Rows shuffled to the single reduce task: ~322 MiB as Spark estimates it (see the class doc). */
  private static final int RECORDS = 340_000;
  /** Rows per key: the reduce side's map holds RECORDS / 4 groups. */
  private static final int ROWS_PER_KEY = 4;
  private static final int KEYS = RECORDS / ROWS_PER_KEY;
  /** Map tasks: several per executor, each buffering RECORDS / 4 rows. */
  private static final int MAP_PARTITIONS = 4;
  /** Warm-up jobs at most, until every executor has sent its balloon event (one is normally enough). */
  private static final int MAX_WARM_UP_JOBS = 5;
  /** How long one warm-up waits for the events: they follow a GC notification within milliseconds. */
  private static final long BALLOON_EVENT_TIMEOUT_MILLIS = 15_000;

  private Run withoutPressure;
  private Run withPressure;

  /** What one run measured. */
  private record Run(JobResult result, long mapSpilledBytes, long reduceSpilledBytes, long reducePeakExecutionBytes,
      Map<String, PressureActionEvent> balloonEngagedByExecutor, Set<String> executorIds) {

    long spilledBytes() {
      return mapSpilledBytes + reduceSpilledBytes;
    }
  }

  @BeforeAll
  void runTheJobWithoutAndWithInjectedPressure() throws Exception {
    withoutPressure = run(false);
    withPressure = run(true);
  }

  private static Run run(boolean injectPressure) throws Exception {
    SparkConf conf = ShuffleClusters.SPILLWAY.conf("pressure-spill-it", PressureSpillIT.class)
        .set("spark.executor.cores", "1") // one task slot: the balloon's share is the whole unified memory
        .set("spark.task.maxFailures", "1") // a failed task fails the test instead of being retried
        .set("spark.spillway.control.enabled", "true")
        .set("spark.extraListeners", Recorder.class.getName());
    if (injectPressure) {
      // any old-gen data at all is CRITICAL, and the level can never fall back
      conf.set("spark.spillway.monitor.elevatedOccupancyRatio", "0.000001")
          .set("spark.spillway.monitor.elevatedOccupancyExitRatio", "0")
          .set("spark.spillway.monitor.highOccupancyRatio", "0.000002")
          .set("spark.spillway.monitor.highOccupancyExitRatio", "0.0000015")
          .set("spark.spillway.monitor.criticalOccupancyRatio", "0.000003")
          .set("spark.spillway.monitor.criticalOccupancyExitRatio", "0.0000025");
    }
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      Recorder recorder = Recorder.current;
      ShuffleClusters.awaitExecutors(sc);
      Set<String> executors = new TreeSet<>(CollectionConverters.asJava(sc.sc().getExecutorIds()));
      int warmUpJobs = 0;
      boolean ready;
      do { // again only if an executor ran no warm-up task, so has not collected yet
        warmUp(sc);
        warmUpJobs++;
        ready = !injectPressure || recorder.awaitCriticalBalloons(executors, BALLOON_EVENT_TIMEOUT_MILLIS);
      } while (!ready && warmUpJobs < MAX_WARM_UP_JOBS);
      recorder.resetSpills();
      JobResult result = groupRowsByKey(sc);
      sc.sc().listenerBus().waitUntilEmpty(TimeUnit.SECONDS.toMillis(30)); // every task end delivered
      Run r = new Run(result, recorder.mapSpilledBytes.get(), recorder.reduceSpilledBytes.get(),
          recorder.reducePeakExecutionBytes.get(), Map.copyOf(recorder.balloonEngaged), executors);
      LOG.info("pressure injected: {}; spilled map {} B, reduce {} B; reduce peak execution memory {} B; "
          + "balloon events {}", injectPressure, r.mapSpilledBytes(), r.reduceSpilledBytes(),
          r.reducePeakExecutionBytes(), r.balloonEngagedByExecutor().values());
      return r;
    }
  }

  /** One task per executor slot and then some, each collecting its executor's heap. */
  private static void warmUp(JavaSparkContext sc) {
    int tasks = 2 * ShuffleClusters.EXECUTORS;
    sc.parallelize(IntStream.range(0, tasks).boxed().toList(), tasks).map(i -> {
      System.gc();
      return SparkEnv.get().executorId();
    }).collect();
  }

  /** Row {@code i} is 1 KiB filled with {@code i}, keyed by {@code i % KEYS}; one reduce partition. */
  private static JobResult groupRowsByKey(JavaSparkContext sc) {
    int perMapTask = RECORDS / MAP_PARTITIONS;
    return sc.parallelize(IntStream.range(0, MAP_PARTITIONS).boxed().toList(), MAP_PARTITIONS)
        .flatMapToPair(p -> rows(p * perMapTask, (p + 1) * perMapTask))
        .groupByKey(1)
        .map(group -> JobResult.of(group._1(), group._2()))
        .reduce(JobResult::plus);
  }

  private static Iterator<Tuple2<Integer, long[]>> rows(int fromInclusive, int toExclusive) {
    return IntStream.range(fromInclusive, toExclusive).mapToObj(i -> {
      long[] row = new long[ROW_LONGS];
      Arrays.fill(row, i);
      return new Tuple2<>(i % KEYS, row);
    }).iterator();
  }

  /**
   * The job's answer, summed over groups: groups, rows, sum of row ids, and groups or rows that are wrong
   * (a group without exactly {@link #ROWS_PER_KEY} rows, a row not uniformly its id or under another key).
   */
  record JobResult(long groups, long rows, long rowIdSum, long badGroups, long badRows) implements java.io.Serializable {

    static JobResult of(int key, Iterable<long[]> rows) {
      long count = 0;
      long sum = 0;
      long bad = 0;
      for (long[] row : rows) {
        count++;
        sum += row[0];
        if (row.length != ROW_LONGS || row[0] % KEYS != key || Arrays.stream(row).anyMatch(v -> v != row[0])) {
          bad++;
        }
      }
      return new JobResult(1, count, sum, count == ROWS_PER_KEY ? 0 : 1, bad);
    }

    JobResult plus(JobResult o) {
      return new JobResult(groups + o.groups, rows + o.rows, rowIdSum + o.rowIdSum, badGroups + o.badGroups,
          badRows + o.badRows);
    }
  }

  @Test
  void groupByKey_withAndWithoutPressure_givesTheRightAnswer() {
    JobResult expected = new JobResult(KEYS, RECORDS, (long) RECORDS * (RECORDS - 1) / 2, 0, 0);
    assertThat(withoutPressure.result()).isEqualTo(expected);
    assertThat(withPressure.result()).isEqualTo(expected);
  }

  @Test
  void groupByKey_defaultThresholds_spillsNothing() {
    assertThat(withoutPressure.spilledBytes()).as("bytes spilled without injected pressure (reduce peak %s B)",
        withoutPressure.reducePeakExecutionBytes()).isZero();
    assertThat(withoutPressure.balloonEngagedByExecutor()).as("balloons engaged without injected pressure").isEmpty();
  }

  @Test
  void groupByKey_injectedPressure_reduceTaskSpills() {
    assertThat(withPressure.spilledBytes()).as("bytes spilled with injected pressure").isPositive();
    assertThat(withPressure.reduceSpilledBytes()).as("bytes the ballooned reduce task spilled").isPositive();
  }

  @Test
  void balloonEvent_injectedPressure_reachesTheDriverFromEveryExecutor() {
    Map<String, PressureActionEvent> events = withPressure.balloonEngagedByExecutor();
    assertThat(withPressure.executorIds()).hasSize(ShuffleClusters.EXECUTORS).doesNotContain("driver");
    assertThat(events.keySet()).isEqualTo(withPressure.executorIds());
    assertThat(events.values()).allSatisfy(e -> {
      assertThat(e.getAction()).isEqualTo("executionBalloon");
      assertThat(e.isEngaged()).isTrue();
      assertThat(e.getLevel()).isEqualTo(PressureLevel.CRITICAL);
      assertThat(e.getExecutorId()).isNotEqualTo("driver");
    });
  }

  /**
   * Registered through {@code spark.extraListeners}, so it is on the bus before any executor exists:
   * spill bytes by task type and the first {@code executionBalloon} engaged event per executor.
   */
  public static final class Recorder extends SparkListener {
    /** The instance of the context under test (runs are sequential). */
    static volatile Recorder current;

    final AtomicLong mapSpilledBytes = new AtomicLong();
    final AtomicLong reduceSpilledBytes = new AtomicLong();
    final AtomicLong reducePeakExecutionBytes = new AtomicLong();
    final Map<String, PressureActionEvent> balloonEngaged = new ConcurrentHashMap<>();

    public Recorder() {
      current = this;
    }

    void resetSpills() {
      mapSpilledBytes.set(0);
      reduceSpilledBytes.set(0);
      reducePeakExecutionBytes.set(0);
    }

    /** Waits until each of {@code executors} has sent an engaged balloon event at CRITICAL; false on timeout. */
    synchronized boolean awaitCriticalBalloons(Set<String> executors, long timeoutMillis) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      while (!criticalBalloonsOn(executors)) {
        long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (leftMillis <= 0) {
          return false;
        }
        wait(leftMillis);
      }
      return true;
    }

    private boolean criticalBalloonsOn(Set<String> executors) {
      return executors.stream().allMatch(id -> {
        PressureActionEvent e = balloonEngaged.get(id);
        return e != null && e.getLevel() == PressureLevel.CRITICAL;
      });
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (end.taskMetrics() == null) {
        return;
      }
      long spilled = end.taskMetrics().memoryBytesSpilled() + end.taskMetrics().diskBytesSpilled();
      if ("ResultTask".equals(end.taskType())) {
        reduceSpilledBytes.addAndGet(spilled);
        reducePeakExecutionBytes.accumulateAndGet(end.taskMetrics().peakExecutionMemory(), Math::max);
      } else {
        mapSpilledBytes.addAndGet(spilled);
      }
    }

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
      if (event instanceof PressureActionEvent e && e.getAction().equals("executionBalloon") && e.isEngaged()) {
        synchronized (this) {
          balloonEngaged.merge(e.getExecutorId(), e,
              (old, next) -> old.getLevel() == PressureLevel.CRITICAL ? old : next);
          notifyAll();
        }
      }
    }
  }
}

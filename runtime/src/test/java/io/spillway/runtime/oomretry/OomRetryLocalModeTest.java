package io.spillway.runtime.oomretry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.memory.SparkOutOfMemoryError;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.junit.jupiter.api.Test;
import scala.Function1;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;

/**
 * The whole loop in a local-mode SparkContext with Spillway's plugin: a task throws an out-of-memory error
 * (Spark's {@code SparkOutOfMemoryError}, which fails the task without ending the JVM, unlike a real
 * {@code OutOfMemoryError}), the driver records it from the listener bus, the retry asks over Spark's RPC,
 * runs alone, and its {@link ExclusiveRetryEvent} reaches the listener bus; a barrier stage retried after
 * such an error is neither held nor run alone and finishes.
 */
class OomRetryLocalModeTest {

  /** Long enough that, without the gate, the retry would overlap tasks running or starting beside it. */
  private static final long TASK_MILLIS = 300;

  /** A task's run as its own code saw it: partition, attempt, start and end (System.nanoTime). */
  record Run(int partition, int attempt, long startNanos, long endNanos) implements Serializable {
    boolean overlaps(Run o) {
      return startNanos < o.endNanos && o.startNanos < endNanos;
    }
  }

  private static SparkConf conf() {
    return new SparkConf(false)
        .setMaster("local[4,3]") // 4 task slots, 3 attempts per task
        .setAppName("oom-retry-local-mode-test")
        .set("spark.plugins", "io.spillway.runtime.SpillwayPlugin")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "localhost");
  }

  private static SparkOutOfMemoryError outOfMemory() {
    return new SparkOutOfMemoryError("UNABLE_TO_ACQUIRE_MEMORY",
        Map.of("requestedBytes", "1073741824", "receivedBytes", "0"));
  }

  /** Collects Spillway's retry events as they are posted. */
  private static final class RetryEvents extends SparkListener {
    final List<ExclusiveRetryEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
      if (event instanceof ExclusiveRetryEvent e) {
        events.add(e);
      }
    }

    List<ExclusiveRetryEvent> awaitAtLeast(int n) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (events.size() < n && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      return List.copyOf(events);
    }
  }

  @Test
  void retryAfterAnOutOfMemoryError_runsAloneAndNoTaskRunsBesideIt() throws Exception {
    RetryEvents listener = new RetryEvents();
    List<Run> runs;
    try (JavaSparkContext sc = new JavaSparkContext(conf())) {
      sc.sc().addSparkListener(listener);
      runs = sc.parallelize(IntStream.range(0, 8).boxed().toList(), 8).map(i -> {
        TaskContext t = TaskContext.get();
        long start = System.nanoTime();
        if (t.partitionId() == 0 && t.attemptNumber() == 0) {
          throw outOfMemory();
        }
        Thread.sleep(TASK_MILLIS);
        return new Run(t.partitionId(), t.attemptNumber(), start, System.nanoTime());
      }).collect();
    }
    List<ExclusiveRetryEvent> events = listener.awaitAtLeast(1);

    assertThat(runs).extracting(Run::partition).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    Run retry = runs.get(0);
    assertThat(retry.attempt()).isEqualTo(1);
    List<Run> beside = new ArrayList<>(runs.subList(1, runs.size()));
    assertThat(beside).noneMatch(retry::overlaps);
    assertThat(events).singleElement().satisfies(e -> {
      ExclusiveRetryReport r = e.getReport();
      assertThat(r.partitionId()).isZero();
      assertThat(r.attemptNumber()).isEqualTo(1);
      assertThat(r.priorOoms()).isEqualTo(1);
      assertThat(r.cause()).contains("SparkOutOfMemoryError").contains("attempt 0");
      assertThat(r.startedAlone()).isTrue();
      assertThat(r.succeeded()).isTrue();
    });
  }

  @Test
  void barrierStageRetriedAfterAnOutOfMemoryError_isNeitherHeldNorAloneAndFinishes() throws Exception {
    // its retry is a new stage attempt, whose tasks would ask the driver; barrier tasks never do
    RetryEvents listener = new RetryEvents();
    Object[] results;
    try (JavaSparkContext sc = new JavaSparkContext(conf())) {
      sc.sc().addSparkListener(listener);
      Function1<Iterator<Integer>, Iterator<Integer>> syncThenDouble =
          (Function1<Iterator<Integer>, Iterator<Integer>> & Serializable) it -> {
            BarrierTaskContext t = BarrierTaskContext.get();
            if (t.partitionId() == 0 && t.stageAttemptNumber() == 0) {
              throw outOfMemory();
            }
            t.barrier();
            return it.map(i -> i * 2);
          };
      // a barrier map stage: Spark retries a failed one as a new stage attempt (a failed barrier result stage aborts)
      org.apache.spark.rdd.RDD<Integer> doubled = sc.parallelize(List.of(1, 2, 3, 4), 2).rdd().barrier()
          .mapPartitions(syncThenDouble, false, ClassTag$.MODULE$.apply(Integer.class));
      results = new org.apache.spark.api.java.JavaRDD<>(doubled, ClassTag$.MODULE$.apply(Integer.class))
          .repartition(1).collect().stream().sorted().toArray();
    }

    assertThat(results).containsExactly(2, 4, 6, 8);
    Thread.sleep(500); // any event would have been posted at the task's end, before the job's
    assertThat(listener.events).isEmpty();
  }
}

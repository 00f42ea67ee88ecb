package io.spillway.it.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.oomretry.ExclusiveRetryEvent;
import io.spillway.runtime.oomretry.ExclusiveRetryReport;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.junit.jupiter.api.Test;

/**
 * The retry after a real {@code java.lang.OutOfMemoryError} in real executor JVMs
 * ({@code local-cluster[2,2,1024]} with Spillway): the first attempt of partition 0 throws it, so its executor
 * exits with code 52. With {@code spark.task.maxFailures=2} the job survives only if the retry is not handed
 * to the exiting executor (which would reject it, a second failure) — Spillway takes that executor out of the
 * offers before the failure is reported — and the retry must run alone: no task on its executor runs while it
 * does (each task records its own start and end, after the plugin let it start).
 */
class OomRetryIT {

  /** Long enough that tasks overlap unless something keeps them apart. */
  private static final long TASK_MILLIS = 1_500;

  /** A task's run as its own code saw it. */
  record Run(int partition, int attempt, String executorId, long startMillis, long endMillis) implements Serializable {
    boolean overlaps(Run o) {
      return startMillis < o.endMillis && o.startMillis < endMillis;
    }
  }

  /** Spillway's retry events as they are posted. */
  private static final class RetryEvents extends SparkListener {
    final List<ExclusiveRetryReport> reports = new CopyOnWriteArrayList<>();

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
      if (event instanceof ExclusiveRetryEvent e) {
        reports.add(e.getReport());
      }
    }
  }

  @Test
  void taskThrowsOutOfMemoryError_jobSurvivesTwoAllowedFailuresAndTheRetryRunsAlone() throws Exception {
    RetryEvents events = new RetryEvents();
    List<Run> runs;
    try (JavaSparkContext sc = new JavaSparkContext(ShuffleClusters.SPILLWAY.conf("oom-retry-it", OomRetryIT.class, 2)
        .set("spark.task.maxFailures", "2"))) {
      sc.sc().addSparkListener(events);
      ShuffleClusters.awaitExecutors(sc);
      runs = sc.parallelize(IntStream.range(0, 8).boxed().toList(), 8).map(i -> {
        TaskContext t = TaskContext.get();
        long start = System.currentTimeMillis();
        if (t.partitionId() == 0 && t.attemptNumber() == 0) {
          throw new OutOfMemoryError("thrown by the test on the first attempt of partition 0");
        }
        Thread.sleep(TASK_MILLIS);
        return new Run(t.partitionId(), t.attemptNumber(), SparkEnv.get().executorId(), start,
            System.currentTimeMillis());
      }).collect();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (events.reports.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }

    assertThat(runs).extracting(Run::partition).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    Run retry = runs.get(0);
    assertThat(retry.attempt()).isPositive();
    assertThat(runs.subList(1, runs.size()))
        .filteredOn(r -> r.executorId().equals(retry.executorId()))
        .noneMatch(retry::overlaps);
    assertThat(events.reports).filteredOn(r -> r.partitionId() == 0).singleElement().satisfies(r -> {
      assertThat(r.attemptNumber()).isEqualTo(retry.attempt());
      assertThat(r.executorId()).isEqualTo(retry.executorId());
      assertThat(r.priorOoms()).isEqualTo(1);
      assertThat(r.cause()).contains("java.lang.OutOfMemoryError: thrown by the test");
      assertThat(r.succeeded()).isTrue();
    });
  }
}

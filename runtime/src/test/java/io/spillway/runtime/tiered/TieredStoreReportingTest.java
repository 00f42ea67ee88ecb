package io.spillway.runtime.tiered;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.junit.jupiter.api.Test;

/** A completed stage attempt is posted once as an event and added to the {@code tiered.*} counters. */
class TieredStoreReportingTest {

  private final List<SparkListenerEvent> posted = new CopyOnWriteArrayList<>();
  private final MetricRegistry registry = new MetricRegistry();

  private static TieredStoreTaskStats task(int stage, int attempt, long taskId) {
    return new TieredStoreTaskStats(stage, attempt, 0, taskId, 100, 60, 10, 30, 5, 4_096, 1_024, 1);
  }

  @Test
  void onStageCompleted_postsOneEventAndCountsIt() throws Exception {
    CountDownLatch published = new CountDownLatch(1);
    TieredStoreReporting reporting = new TieredStoreReporting(new TieredStoreStatsCollector(), e -> {
      posted.add(e);
      published.countDown();
    }, 0);
    reporting.registerMetrics(registry);
    reporting.accept(task(4, 0, 1));
    reporting.accept(task(4, 0, 2));

    reporting.onStageCompleted(4, 0);

    assertThat(published.await(10, TimeUnit.SECONDS)).as("published").isTrue();
    reporting.close();
    assertThat(posted).containsExactly(new TieredStoreStageEvent(
        new TieredStoreStageStats(4, 0, 2, 200, 120, 20, 60, 10, 8_192, 1_024, 2)));
    assertThat(counter("tiered.stages")).isEqualTo(1);
    assertThat(counter("tiered.tasks")).isEqualTo(2);
    assertThat(counter("tiered.heapHits")).isEqualTo(120);
    assertThat(counter("tiered.offHeapHits")).isEqualTo(20);
    assertThat(counter("tiered.misses")).isEqualTo(60);
    assertThat(counter("tiered.bytesWrittenOffHeap")).isEqualTo(8_192);
    assertThat(counter("tiered.offHeapMaps")).isEqualTo(2);
  }

  @Test
  void close_publishesStagesStillOpen_andNothingForStagesWithoutStore() {
    TieredStoreReporting reporting = new TieredStoreReporting(new TieredStoreStatsCollector(), posted::add);
    reporting.registerMetrics(registry);
    reporting.accept(task(1, 0, 1));
    reporting.accept(task(1, 1, 2));

    reporting.close();

    assertThat(posted).hasSize(2);
    assertThat(reporting.stagesReported()).isEqualTo(2);
    assertThat(counter("tiered.tasks")).isEqualTo(2);
  }

  private long counter(String name) {
    Counter c = registry.getCounters().get(name);
    return c == null ? -1 : c.getCount();
  }
}

package io.spillway.runtime.groupspill;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.junit.jupiter.api.Test;

/** Tasks' group-spill figures are summed per stage attempt, posted once per attempt and counted. */
class GroupSpillReportingTest {

  private final List<SparkListenerEvent> posted = new CopyOnWriteArrayList<>();
  private final MetricRegistry registry = new MetricRegistry();

  private static GroupSpillTaskStats task(int stage, int attempt, long taskId, long groups) {
    return new GroupSpillTaskStats(stage, attempt, (int) taskId, taskId, groups, 1_000 * groups, 4_096 * groups);
  }

  @Test
  void onStageCompleted_sumsItsTasksOnly_postsOneEventAndCountsIt() throws Exception {
    CountDownLatch published = new CountDownLatch(1);
    GroupSpillReporting reporting = new GroupSpillReporting(e -> {
      posted.add(e);
      published.countDown();
    }, 0);
    reporting.registerMetrics(registry);
    reporting.accept(task(4, 0, 1, 1));
    reporting.accept(task(4, 0, 2, 2));
    reporting.accept(task(4, 1, 3, 5));

    reporting.onStageCompleted(4, 0);

    assertThat(published.await(10, TimeUnit.SECONDS)).as("published").isTrue();
    assertThat(posted).containsExactly(new GroupSpillStageEvent(new GroupSpillStageStats(4, 0, 2, 3, 3_000, 12_288)));
    assertThat(counter("groupSpill.stages")).isEqualTo(1);
    assertThat(counter("groupSpill.tasks")).isEqualTo(2);
    assertThat(counter("groupSpill.groups")).isEqualTo(3);
    assertThat(counter("groupSpill.values")).isEqualTo(3_000);
    assertThat(counter("groupSpill.bytes")).isEqualTo(12_288);
    assertThat(reporting.take(4, 0)).as("published attempts are forgotten").isEmpty();
    reporting.close();
    assertThat(posted).as("attempt 1 published at close").hasSize(2)
        .last().isEqualTo(new GroupSpillStageEvent(new GroupSpillStageStats(4, 1, 1, 5, 5_000, 20_480)));
  }

  @Test
  void close_publishesStagesStillOpen_inTheOrderTheyOpened() {
    GroupSpillReporting reporting = new GroupSpillReporting(posted::add);
    reporting.accept(task(2, 0, 1, 1));
    reporting.accept(task(1, 0, 2, 1));
    reporting.accept(task(2, 0, 3, 1));

    reporting.close();

    assertThat(posted).extracting(e -> ((GroupSpillStageEvent) e).getStats().stageId()).containsExactly(2, 1);
    assertThat(posted).extracting(e -> ((GroupSpillStageEvent) e).getStats().tasks()).containsExactly(2, 1);
  }

  private long counter(String name) {
    Counter c = registry.getCounters().get(name);
    return c == null ? -1 : c.getCount();
  }
}

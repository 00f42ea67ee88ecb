package io.spillway.shuffle.tiered;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Counter;
import io.spillway.runtime.tiered.TieredStoreStageEvent;
import io.spillway.runtime.tiered.TieredStoreStageStats;
import io.spillway.shuffle.LocalSpark;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.metrics.source.Source;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * End to end in one JVM: with {@code spark.spillway.tiered.aggregation=always}, the reduce tasks of a
 * reduceByKey merge in the tiered store, send their figures to the driver plugin, and the driver posts one
 * {@link TieredStoreStageEvent} for the reduce stage and raises its {@code tiered.*} counters.
 */
class TieredStoreStatsLocalModeTest {

  private static final int RECORDS = 200_000;
  private static final int KEYS = 20_000;
  private static final int MAPS = 4;
  private static final String MODE_KEY = "spark.spillway.tiered.aggregation";

  private final List<TieredStoreStageStats> stages = new CopyOnWriteArrayList<>();
  private final SparkListener listener = new SparkListener() {
    @Override
    public void onOtherEvent(SparkListenerEvent event) {
      if (event instanceof TieredStoreStageEvent e) {
        stages.add(e.getStats());
      }
    }
  };
  private JavaSparkContext jsc;
  private SparkConf liveConf;

  @BeforeEach
  void alwaysTiered() {
    jsc = LocalSpark.context();
    jsc.sc().addSparkListener(listener);
    // the shuffle manager reads the mode per read from the conf it was built with: SparkEnv's
    liveConf = SparkEnv.get().conf();
    liveConf.set(MODE_KEY, "always");
  }

  @AfterEach
  void restore() {
    liveConf.remove(MODE_KEY);
    jsc.clearJobGroup();
    jsc.sc().removeSparkListener(listener);
  }

  @Test
  void reduceByKey_always_postsStageEventWithEveryMergeAndRaisesDriverCounters() throws Exception {
    long tasksBefore = counter("tiered.tasks");
    long heapHitsBefore = counter("tiered.heapHits");
    long missesBefore = counter("tiered.misses");
    jsc.setJobGroup("tiered-stats", "tiered store statistics end to end", false);

    long groups = jsc.parallelize(IntStream.range(0, RECORDS).boxed().toList(), MAPS)
        .mapToPair(i -> new Tuple2<>(i % KEYS, 1L))
        .reduceByKey(Long::sum, 2)
        .count();

    assertThat(groups).isEqualTo(KEYS);
    Set<Integer> ourStages = Arrays.stream(jsc.statusTracker().getJobIdsForGroup("tiered-stats"))
        .boxed()
        .flatMap(job -> Arrays.stream(jsc.statusTracker().getJobInfo(job).stageIds()).boxed())
        .collect(Collectors.toSet());
    TieredStoreStageStats reduce = awaitStage(ourStages);
    // every map partition holds every key, so each reduce task merges each of its keys once per map
    assertThat(reduce.tasks()).isEqualTo(2);
    assertThat(reduce.recordsMerged()).isEqualTo((long) KEYS * MAPS);
    assertThat(reduce.heapHits() + reduce.offHeapHits() + reduce.misses()).as("one read per merge")
        .isEqualTo(reduce.recordsMerged());
    assertThat(reduce.misses()).as("each key is new once").isEqualTo(KEYS);
    assertThat(reduce.heapTierHitRate()).isBetween(0.0, 1.0);
    assertThat(counter("tiered.tasks") - tasksBefore).isGreaterThanOrEqualTo(2);
    assertThat(counter("tiered.heapHits") - heapHitsBefore).isGreaterThanOrEqualTo(reduce.heapHits());
    assertThat(counter("tiered.misses") - missesBefore).isGreaterThanOrEqualTo(KEYS);
  }

  private TieredStoreStageStats awaitStage(Set<Integer> ourStages) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      jsc.sc().listenerBus().waitUntilEmpty(1_000);
      List<TieredStoreStageStats> ours = stages.stream().filter(s -> ourStages.contains(s.stageId())).toList();
      if (!ours.isEmpty()) {
        assertThat(ours).as("one event for the reduce stage").hasSize(1);
        return ours.get(0);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no TieredStoreStageEvent for stages " + ourStages + " within 30 s; got " + stages);
  }

  /** A counter of the driver plugin's metric source, -1 when absent. */
  private static long counter(String name) {
    List<Source> sources = CollectionConverters.asJava(
        SparkEnv.get().metricsSystem().getSourcesByName("plugin.io.spillway.runtime.SpillwayPlugin"));
    return sources.stream()
        .map(s -> s.metricRegistry().getCounters().get(name))
        .filter(c -> c != null)
        .mapToLong(Counter::getCount)
        .findFirst()
        .orElse(-1L);
  }
}

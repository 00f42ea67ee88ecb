package io.spillway.runtime.ui;

import static io.spillway.runtime.pressure.PressureLevel.ELEVATED;
import static io.spillway.runtime.pressure.PressureLevel.HIGH;
import static io.spillway.runtime.pressure.PressureLevel.NORMAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.groupspill.GroupSpillStageEvent;
import io.spillway.runtime.groupspill.GroupSpillStageStats;
import io.spillway.runtime.tiered.TieredStoreStageEvent;
import io.spillway.runtime.tiered.TieredStoreStageStats;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerEnvironmentUpdate;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Tuple2;
import scala.collection.immutable.Map$;
import scala.jdk.javaapi.CollectionConverters;

class SpillwayUiListenerTest {

  private static final SummaryLimits SMALL = new SummaryLimits(2, 3, 2, 2, 1, 2, 2);

  @Test
  void snapshot_levelChangesAndActions_keptPerExecutorInOrder() {
    SpillwayUiListener l = new SpillwayUiListener(SummaryLimits.DEFAULT);
    l.onApplicationStart(new SparkListenerApplicationStart("app", Option.apply("app-1"), 1_000, "me", Option.empty(),
        Option.empty(), Option.empty()));
    l.onOtherEvent(UiEvents.change("1", NORMAL, ELEVATED, 2_000));
    l.onOtherEvent(UiEvents.change("2", NORMAL, HIGH, 2_500));
    l.onOtherEvent(UiEvents.change("1", ELEVATED, NORMAL, 3_000));
    l.onOtherEvent(UiEvents.action("2", "executionBalloon", 2_600, "reserved 64 MiB"));
    l.onApplicationEnd(new SparkListenerApplicationEnd(9_000, Option.empty()));

    SpillwaySummary s = l.snapshot();
    assertThat(s.appStartMillis()).isEqualTo(1_000);
    assertThat(s.appEndMillis()).isEqualTo(9_000);
    assertThat(s.lastEventMillis()).isEqualTo(3_000);
    assertThat(s.executors()).extracting(SpillwaySummary.ExecutorTimeline::executorId).containsExactly("1", "2");
    assertThat(s.executors().get(0).changes()).extracting(SpillwaySummary.LevelChange::to)
        .containsExactly(ELEVATED, NORMAL);
    assertThat(s.executors().get(0).peakLevel()).isEqualTo(ELEVATED);
    assertThat(s.actions()).singleElement().extracting(SpillwaySummary.Action::detail).isEqualTo("reserved 64 MiB");
    assertThat(l.inUse()).isTrue();
  }

  @Test
  void snapshot_pastEveryLimit_keepsNewestAndCountsTheRest() {
    SpillwayUiListener l = new SpillwayUiListener(SMALL);
    for (int i = 0; i < 5; i++) {
      l.onOtherEvent(UiEvents.change("1", i % 2 == 0 ? NORMAL : ELEVATED, i % 2 == 0 ? ELEVATED : NORMAL, i));
      l.onOtherEvent(UiEvents.change("e" + i, NORMAL, ELEVATED, i));
      l.onOtherEvent(UiEvents.action("1", "fetchThrottle", i, "#" + i));
      l.onOtherEvent(UiEvents.skew(i, "k" + i, ""));
      l.onOtherEvent(new TieredStoreStageEvent(new TieredStoreStageStats(i, 0, 1, 10, 5, 0, 5, 0, 0, 0, 0)));
    }
    SpillwaySummary s = l.snapshot();
    assertThat(s.executors()).extracting(SpillwaySummary.ExecutorTimeline::executorId).containsExactly("1", "e0");
    assertThat(s.executorsDropped()).isEqualTo(4);
    // the timeline is thinned, not cut: its start and its newest changes stay
    assertThat(s.executors().get(0).changes()).extracting(SpillwaySummary.LevelChange::timeMillis)
        .containsExactly(0L, 3L, 4L);
    assertThat(s.executors().get(0).changesDropped()).isEqualTo(2);
    assertThat(s.actions()).extracting(SpillwaySummary.Action::detail).containsExactly("#3", "#4");
    assertThat(s.actionsDropped()).isEqualTo(3);
    assertThat(s.shuffles()).extracting(SpillwaySummary.Shuffle::shuffleId).containsExactly(3, 4);
    assertThat(s.shuffles().get(0).keys()).singleElement().extracting(SpillwaySummary.Key::key).isEqualTo("k3");
    assertThat(s.stages()).extracting(SpillwaySummary.Stage::stageId).containsExactly(3, 4);
    assertThat(s.stagesDropped()).isEqualTo(3);
  }

  @Test
  void groupSpillEvents_addUpOnTheirStageRow_besideSparksSpillCounters() {
    SpillwayUiListener l = new SpillwayUiListener(SummaryLimits.DEFAULT);
    l.onOtherEvent(new GroupSpillStageEvent(new GroupSpillStageStats(1, 0, 1, 1, 9_990_476, 85_000_000)));
    // a task's message that arrived after its stage's figures were published comes as a second event
    l.onOtherEvent(new GroupSpillStageEvent(new GroupSpillStageStats(1, 0, 1, 2, 10, 1_000)));
    l.onOtherEvent(new GroupSpillStageEvent(new GroupSpillStageStats(1, 1, 1, 1, 5, 500)));

    SpillwaySummary s = l.snapshot();
    assertThat(s.stages()).extracting(SpillwaySummary.Stage::groupSpill).containsExactly(
        new SpillwaySummary.GroupSpill(2, 3, 9_990_486, 85_001_000), new SpillwaySummary.GroupSpill(1, 1, 5, 500));
    assertThat(l.inUse()).as("a group-spill event marks Spillway in use").isTrue();
    String page = SpillwayPageHtml.render(s, 0, "json");
    assertThat(page).contains("<th>Groups streamed to disk</th>").contains("3 groups (9,990,486 values")
        .contains("1 group (5 values, 500 B) in 1 task<");
  }

  @Test
  void onEnvironmentUpdate_sparkProperties_becomeEffectiveSettingsAndMarkSpillwayInUse() {
    SpillwayUiListener l = new SpillwayUiListener(SummaryLimits.DEFAULT);
    l.onEnvironmentUpdate(environment(List.of(new Tuple2<>("spark.plugins", "io.spillway.runtime.SpillwayPlugin"),
        new Tuple2<>("spark.spillway.control.enabled", "false"))));
    assertThat(l.inUse()).isTrue();
    assertThat(l.snapshot().settings()).containsEntry("spark.spillway.control.enabled", "false")
        .containsEntry("spark.spillway.ui.enabled", "true (default)");
  }

  @Test
  void onEnvironmentUpdate_invalidSpillwayValue_showsTheValuesAsSet() {
    SpillwayUiListener l = new SpillwayUiListener(SummaryLimits.DEFAULT);
    l.onEnvironmentUpdate(environment(List.of(new Tuple2<>("spark.spillway.monitor.gcWindow", "forever"))));
    assertThat(l.snapshot().settings()).hasEntrySatisfying("spark.spillway.monitor.gcWindow",
        v -> assertThat(v).startsWith("forever (as set; not valid"));
  }

  @Test
  void inUse_applicationWithoutSpillway_isFalse() {
    SpillwayUiListener l = new SpillwayUiListener(SummaryLimits.DEFAULT);
    l.onEnvironmentUpdate(environment(List.of(new Tuple2<>("spark.app.name", "plain"))));
    l.onOtherEvent(new SparkListenerEvent() {});
    assertThat(l.inUse()).isFalse();
  }

  @Test
  void useSettingsOf_liveConf_isInUse() {
    SpillwayUiListener l = new SpillwayUiListener(SummaryLimits.DEFAULT);
    l.useSettingsOf(new SparkConf(false).set("spark.spillway.ui.enabled", "true"));
    assertThat(l.inUse()).isTrue();
    assertThat(l.snapshot().settings()).containsEntry("spark.spillway.ui.enabled", "true");
  }

  private static SparkListenerEnvironmentUpdate environment(List<Tuple2<String, String>> props) {
    scala.collection.immutable.Seq<Tuple2<String, String>> seq = CollectionConverters.asScala(props).toList();
    scala.collection.immutable.Map<String, scala.collection.Seq<Tuple2<String, String>>> details =
        Map$.MODULE$.<String, scala.collection.Seq<Tuple2<String, String>>>empty().updated("Spark Properties", seq);
    return new SparkListenerEnvironmentUpdate(details);
  }
}

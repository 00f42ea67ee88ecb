package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spillway.it.harness.PressureTimeline.Action;
import io.spillway.it.harness.PressureTimeline.ExecutorLane;
import io.spillway.it.harness.PressureTimeline.Level;
import io.spillway.it.harness.PressureTimeline.LevelSpan;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Events are built here in the shape Jackson logs {@code PressureLevelChangedEvent} and
 * {@code PressureActionEvent} (field names checked against runtime/ and against real logs of
 * /tmp/ab-control). The application starts at epoch {@link #T0} ms, so every expected time below is the
 * offset written next to the event.
 */
class PressureTimelineTest {

  static final long T0 = 1_795_788_000_000L;

  static ObjectNode level(String executorId, String from, String to, long atMillis) {
    ObjectNode e = ReportWriter.JSON.createObjectNode().put("Event", PressureTimeline.LEVEL_EVENT);
    if (executorId != null) {
      e.put("executorId", executorId);
    }
    return e.put("fromLevel", from).put("toLevel", to).put("timestampMillis", T0 + atMillis)
        .put("oldGenOccupancyRatio", 0.8).put("gcTimeRatio", 0.1);
  }

  static ObjectNode action(String executorId, String action, String level, boolean engaged, long atMillis) {
    return ReportWriter.JSON.createObjectNode().put("Event", PressureTimeline.ACTION_EVENT)
        .put("executorId", executorId).put("action", action).put("level", level).put("engaged", engaged)
        .put("detail", action + " detail").put("timestampMillis", T0 + atMillis);
  }

  /** App from 0 to 30 s; executors 0 and 1 added at 5 s, 1 removed (exit 52) at 20 s, 2 added at 21 s. */
  static EventLogTimes times() {
    return new EventLogTimes(T0, T0 + 30_000, Map.of("0", T0 + 5_000, "1", T0 + 5_000, "2", T0 + 21_000),
        Map.of("1", T0 + 20_000));
  }

  static final List<LostExecutor> LOST = List.of(LostExecutor.fromReason("1", "Command exited with code 52"));

  /** Executor 1 climbs to CRITICAL and dies; executor 0 goes to HIGH and back; 2 has no events. */
  static List<JsonNode> events() {
    return List.of(
        level("1", "NORMAL", "ELEVATED", 10_000),
        action("1", "fetchThrottle", "ELEVATED", true, 10_010),
        level("0", "NORMAL", "HIGH", 12_000),
        // logged before the level change it follows: arrival order is not time order
        action("1", "executionBalloon", "HIGH", true, 12_500),
        level("1", "ELEVATED", "HIGH", 12_400),
        action("0", "executionBalloon", "HIGH", true, 12_010),
        action("0", "storageDemotion", "HIGH", true, 12_020),
        level("1", "HIGH", "CRITICAL", 14_000),
        action("1", "executionBalloon", "CRITICAL", true, 14_010),
        level("0", "HIGH", "NORMAL", 16_000),
        action("0", "executionBalloon", "NORMAL", false, 16_010),
        action("0", "storageDemotion", "NORMAL", false, 16_020));
  }

  static PressureTimeline sample() {
    return PressureTimeline.of(events(), times(), LOST);
  }

  @Test
  void of_levelChanges_giveConsecutiveSpansInTimeOrder() {
    ExecutorLane exec1 = sample().executors().get(1);
    assertThat(exec1.executorId()).isEqualTo("1");
    assertThat(exec1.levels()).containsExactly(
        new LevelSpan(Level.NORMAL, 5_000, 10_000),
        new LevelSpan(Level.ELEVATED, 10_000, 12_400),
        new LevelSpan(Level.HIGH, 12_400, 14_000),
        new LevelSpan(Level.CRITICAL, 14_000, 20_000));
    assertThat(exec1.peakLevel()).isEqualTo(Level.CRITICAL);
  }

  @Test
  void millisAtLevel_sumsSpanDurationsUpToRemovalOrAppEnd() {
    PressureTimeline t = sample();
    assertThat(t.durationMillis()).isEqualTo(30_000);
    assertThat(t.executors().get(0).millisAtLevel()).isEqualTo(Map.of(
        Level.NORMAL, 7_000L + 14_000L, Level.ELEVATED, 0L, Level.HIGH, 4_000L, Level.CRITICAL, 0L));
    assertThat(t.executors().get(1).millisAtLevel())
        .containsEntry(Level.ELEVATED, 2_400L).containsEntry(Level.CRITICAL, 6_000L);
  }

  @Test
  void of_actions_stayWithTheirExecutorInTimeOrder() {
    PressureTimeline t = sample();
    assertThat(t.executors().get(0).actions()).extracting(Action::action, Action::engaged, Action::atMillis)
        .containsExactly(
            tuple("executionBalloon", true, 12_010L),
            tuple("storageDemotion", true, 12_020L),
            tuple("executionBalloon", false, 16_010L),
            tuple("storageDemotion", false, 16_020L));
    assertThat(t.executors().get(0).engagedCounts()).containsExactly(Map.entry("executionBalloon", 1),
        Map.entry("storageDemotion", 1));
    assertThat(t.executors().get(1).engagedCounts()).containsExactly(Map.entry("executionBalloon", 2),
        Map.entry("fetchThrottle", 1));
    assertThat(t.executors().get(1).releasedCounts()).containsValues(0, 0);
    assertThat(t.actionNames()).containsExactly("executionBalloon", "fetchThrottle", "storageDemotion");
  }

  @Test
  void of_removedExecutor_laneEndsAtRemovalWithItsExitCode() {
    ExecutorLane exec1 = sample().executors().get(1);
    assertThat(exec1.endMillis()).isEqualTo(20_000);
    assertThat(exec1.losses()).singleElement().extracting(LostExecutor::exitCode).isEqualTo(52);
    assertThat(sample().executors().get(0).losses()).isEmpty();
  }

  @Test
  void of_executorWithoutEvents_hasALaneAtNormalFromItsAddition() {
    ExecutorLane exec2 = sample().executors().get(2);
    assertThat(exec2.executorId()).isEqualTo("2");
    assertThat(exec2.levels()).containsExactly(new LevelSpan(Level.NORMAL, 21_000, 30_000));
    assertThat(exec2.actions()).isEmpty();
  }

  @Test
  void of_pressureEventsWithoutExecutorIdOrWithAnUnknownLevel_areCountedNotPlaced() {
    List<JsonNode> events = new ArrayList<>(events());
    events.add(level(null, "NORMAL", "HIGH", 11_000));
    events.add(level("0", "NORMAL", "PANIC", 11_000));
    PressureTimeline t = PressureTimeline.of(events, times(), LOST);
    assertThat(t.skippedEvents()).isEqualTo(2);
    assertThat(t.executors()).extracting(ExecutorLane::executorId).containsExactly("0", "1", "2");
    assertThat(t.executors().get(0).levels()).hasSize(3);
  }

  @Test
  void of_noSpillwayEvents_isNone() {
    assertThat(PressureTimeline.of(List.of(), times(), LOST)).isEqualTo(PressureTimeline.NONE);
  }

  @Test
  void of_logWithoutApplicationStartOrEnd_usesTheInstantsItHas() {
    EventLogTimes killed = new EventLogTimes(0, 0, Map.of("0", T0 + 5_000), Map.of());
    PressureTimeline t = PressureTimeline.of(List.of(level("0", "NORMAL", "HIGH", 8_000),
        action("0", "admission", "HIGH", true, 9_000)), killed, List.of());
    assertThat(t.durationMillis()).isEqualTo(4_000);
    assertThat(t.executors().get(0).levels()).containsExactly(new LevelSpan(Level.NORMAL, 0, 3_000),
        new LevelSpan(Level.HIGH, 3_000, 4_000));
  }

  @Test
  void executorOrder_numericIdsByValueThenNames() {
    PressureTimeline t = PressureTimeline.of(List.of(level("10", "NORMAL", "HIGH", 1_000),
        level("2", "NORMAL", "HIGH", 1_000), level("driver", "NORMAL", "HIGH", 1_000)), times(), List.of());
    assertThat(t.executors()).extracting(ExecutorLane::executorId).containsExactly("0", "1", "2", "10", "driver");
  }

  @Test
  void lines_textForm_listsLevelChangesActionCountsAndLoss() {
    List<String> lines = PressureTimelineText.lines(sample());
    assertThat(lines).containsExactly(
        "exec 0: NORMAL→HIGH at 12.0 s, NORMAL at 16.0 s; executionBalloon ×1 (1 released), "
            + "storageDemotion ×1 (1 released)",
        "exec 1: NORMAL→ELEVATED at 10.0 s, HIGH at 12.4 s, CRITICAL at 14.0 s; executionBalloon ×2, "
            + "fetchThrottle ×1; lost at 20.0 s (exit 52)",
        "exec 2: NORMAL throughout");
  }

  @Test
  void read_realLogLines_recordsApplicationAndExecutorTimes() throws Exception {
    String log = String.join("\n",
        "{\"Event\":\"SparkListenerApplicationStart\",\"App Name\":\"x\",\"App ID\":\"app-1\",\"Timestamp\":1000}",
        "{\"Event\":\"SparkListenerExecutorAdded\",\"Timestamp\":1500,\"Executor ID\":\"0\",\"Executor Info\":{}}",
        "{\"Event\":\"SparkListenerExecutorRemoved\",\"Timestamp\":4000,\"Executor ID\":\"0\","
            + "\"Removed Reason\":\"Command exited with code 52\"}",
        "{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":5000,\"ExitCode\":1}") + "\n";
    EventLogMetrics m = EventLogReader.readStream(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)));
    assertThat(m.times()).isEqualTo(new EventLogTimes(1000, 5000, Map.of("0", 1500L), Map.of("0", 4000L)));
    assertThat(m.appId()).isEqualTo("app-1");
  }

  @Test
  void read_jobEvents_sumsTheJobsLeavingOutTheSetupGroup() throws Exception {
    String log = String.join("\n",
        "{\"Event\":\"SparkListenerJobStart\",\"Job ID\":0,\"Submission Time\":1000,"
            + "\"Properties\":{\"spark.jobGroup.id\":\"" + EventLogTimes.SETUP_JOB_GROUP + "\"}}",
        "{\"Event\":\"SparkListenerJobEnd\",\"Job ID\":0,\"Completion Time\":9000,"
            + "\"Job Result\":{\"Result\":\"JobSucceeded\"}}",
        "{\"Event\":\"SparkListenerJobStart\",\"Job ID\":1,\"Submission Time\":10000,\"Properties\":{}}",
        "{\"Event\":\"SparkListenerJobEnd\",\"Job ID\":1,\"Completion Time\":12500,"
            + "\"Job Result\":{\"Result\":\"JobSucceeded\"}}",
        "{\"Event\":\"SparkListenerJobStart\",\"Job ID\":2,\"Submission Time\":13000}",
        "{\"Event\":\"SparkListenerJobEnd\",\"Job ID\":2,\"Completion Time\":13400,"
            + "\"Job Result\":{\"Result\":\"JobSucceeded\"}}") + "\n";
    EventLogMetrics m = EventLogReader.readStream(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)));

    assertThat(m.times().jobsMillis()).isEqualTo(2_500 + 400);
    assertThat(m.jobsSucceeded()).isEqualTo(3);
  }

  @Test
  void of_otherSpillwayEvents_neitherPlacedNorCounted() {
    List<JsonNode> events = new ArrayList<>(events());
    events.add(ReportWriter.JSON.createObjectNode().put("Event", "io.spillway.runtime.skew.ShuffleSkewReportEvent"));
    events.add(ReportWriter.JSON.createObjectNode().put("Event", "io.spillway.runtime.tiered.TieredStoreStageEvent")
        .put("executorId", "0"));

    assertThat(PressureTimeline.of(events, times(), LOST).skippedEvents()).isZero();
    assertThat(PressureTimeline.of(events.subList(events.size() - 2, events.size()), times(), LOST))
        .as("no pressure event: no timeline").isSameAs(PressureTimeline.NONE);
  }
}

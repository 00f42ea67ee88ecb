package io.spillway.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spillway.it.cases.CaseParams;
import io.spillway.it.cases.CaseResult;
import io.spillway.it.cases.S1GroupByKeyHotKey;
import io.spillway.it.cluster.ClusterEnvironment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spillway tab in a real browser, live and in the History Server, from one hot-key run: S1 (groupByKey, half
 * the records under key 0) on {@code local-cluster[2,1,512]} with Spillway and the event log on. While the
 * application is still up, headless Chromium loads the live tab; after it stopped, a History Server in a child
 * JVM replays its event log and Chromium loads the same tab there. Both must name key 0 as hot in reduce
 * partition 0 with its remedy, the groups the hot key's stage streamed to disk, and both executors' pressure
 * changes. The monitor's ELEVATED threshold is set to "any old-generation data", so every executor changes level at
 * its first collection, and the group-spill threshold to 1 % of the heap, so the hot group surely goes to disk: the
 * test is about what the tab shows, not about when pressure rises or how large a group may grow. Screenshots of both pages go to {@code target/ui-screenshots}.
 */
class SparkUiIT {

  /** The executors of the run; the tab must draw a timeline for each. */
  private static final int EXECUTORS = 2;
  /** Executor heap, as in the measured S1 run at 2 × 512 MiB. */
  private static final int EXECUTOR_MEMORY_MIB = 512;
  /** Longest the driver may take to hear of both executors' first level change after the job (a loaded machine). */
  private static final long PRESSURE_WAIT_MILLIS = 60_000;
  /** The reduce partition S1's hot key 0 lands in under Spark's hash partitioner. */
  private static final int HOT_KEY_PARTITION = 0;
  /** Longest the driver may take to publish the group-spill figures after the job (3 s grace, a loaded machine). */
  private static final long GROUP_SPILL_WAIT_MILLIS = 60_000;
  /** Where the screenshots go; docs/ keeps copies. */
  private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

  /** The hot key's row as the page renders it: key, partition, then the other cells up to the HOT mark. */
  private static final Pattern HOT_KEY_ROW =
      Pattern.compile("<tr class=\"spillway-hot\"[^>]*><td><code>0</code></td><td>" + HOT_KEY_PARTITION + "</td>");
  /** An executor's row of the pressure table: id, level now, peak, changes, then its last change. */
  private static final Pattern EXECUTOR_CHANGED =
      Pattern.compile("<tr><td>(\\d+)</td><td>[A-Z]+</td><td>(ELEVATED|HIGH|CRITICAL)</td><td>(\\d+)</td><td>[A-Z]+ → ");
  /** A stage row's groups streamed to disk: the count, then values and bytes. */
  private static final Pattern GROUPS_SPILLED =
      Pattern.compile("<td class=\"spillway-groups-spilled\">([\\d,]+) groups? \\(");

  @Test
  void hotKeyRun_liveTabAndHistoryServerTab_showHotKeyRemedyAndBothExecutorsPressure(@TempDir Path tmp)
      throws Exception {
    HeadlessChromium browser = HeadlessChromium.installed();
    Path eventLogs = Files.createDirectories(tmp.resolve("event-logs"));
    ClusterEnvironment env = ClusterEnvironment.detect();
    SparkConf conf = env.localClusterConf(EXECUTORS, 1, EXECUTOR_MEMORY_MIB, true,
            List.of(ClusterEnvironment.classPathOf(SparkUiIT.class), ClusterEnvironment.classPathOf(ClusterEnvironment.class)))
        .setAppName("spillway-ui-it")
        .set("spark.ui.enabled", "true")
        .set("spark.ui.port", "0")
        .set("spark.eventLog.enabled", "true")
        .set("spark.eventLog.compress", "false")
        .set("spark.eventLog.dir", eventLogs.toUri().toString())
        .set("spark.spillway.monitor.elevatedOccupancyRatio", "0.000001")
        .set("spark.spillway.monitor.elevatedOccupancyExitRatio", "0")
        .set("spark.spillway.shuffle.groupSpillHeapRatio", "0.01");
    CaseParams params = CaseParams.of(2_000_000, 0.5, 8).with("coldKeys", 10_000).with("valuesPerBlock", 2);

    String appId;
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try {
      appId = spark.sparkContext().applicationId();
      CaseResult result = new S1GroupByKeyHotKey().run(spark, params);
      assertThat(result.correct()).as("S1's answer with the tab on").isTrue();
      String live = spark.sparkContext().uiWebUrl().get() + "/spillway/";
      awaitPressureOfEveryExecutor(live + "json");
      JsonNode groupSpill = awaitGroupSpill(live + "json");
      assertThat(groupSpill.path("groups").asLong()).as("groups streamed to disk, in /spillway/json").isPositive();
      assertThat(groupSpill.path("bytes").asLong()).as("their bytes on disk, in /spillway/json").isPositive();

      String dom = browser.dumpDom(live, tmp);
      assertTabShowsTheRun(dom, "live tab");
      browser.screenshot(live, SCREENSHOTS.resolve("spillway-tab-live.png"), 1280, 1600, tmp);
    } finally {
      spark.stop();
    }

    try (ChildHistoryServer history = ChildHistoryServer.start(eventLogs, tmp.resolve("history-server.log"))) {
      history.awaitApplication(appId);
      String url = history.baseUrl() + "/history/" + appId + "/spillway/";
      String dom = browser.dumpDom(url, tmp);
      assertTabShowsTheRun(dom, "History Server tab");
      assertThat(dom).contains("spark.spillway.monitor.elevatedOccupancyRatio").contains("1.0E-6");
      browser.screenshot(url, SCREENSHOTS.resolve("spillway-tab-history.png"), 1280, 1600, tmp);
    }
  }

  private static void assertTabShowsTheRun(String dom, String which) {
    assertThat(dom).as(which + ": Spark's navigation bar with the tab").contains(">Spillway</a>");
    assertThat(HOT_KEY_ROW.matcher(dom).find()).as(which + ": key 0 hot in partition " + HOT_KEY_PARTITION).isTrue();
    assertThat(dom).as(which + ": the remedy").contains("<p class=\"spillway-remedy\"><b>Remedy:</b> ");
    assertThat(dom).as(which + ": the timeline").contains("<svg class=\"spillway-timeline\"");
    Matcher m = EXECUTOR_CHANGED.matcher(dom);
    int executorsWithChanges = 0;
    while (m.find()) {
      assertThat(Integer.parseInt(m.group(3))).isPositive();
      executorsWithChanges++;
    }
    assertThat(executorsWithChanges).as(which + ": executors whose pressure changed").isEqualTo(EXECUTORS);
    Matcher groups = GROUPS_SPILLED.matcher(dom);
    assertThat(groups.find()).as(which + ": a stage row with groups streamed to disk").isTrue();
    assertThat(Long.parseLong(groups.group(1).replace(",", ""))).as(which + ": groups streamed to disk").isPositive();
  }

  /**
   * The first stage's group-spill figures in the live JSON, once the driver published them (a stage's figures wait
   * for late task messages); a missing node when none came in time, which the caller's assertions report.
   */
  private static JsonNode awaitGroupSpill(String jsonUrl) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + GROUP_SPILL_WAIT_MILLIS;
    while (true) {
      for (JsonNode stage : read(jsonUrl).path("stages")) {
        if (stage.path("groupSpill").isObject()) {
          return stage.path("groupSpill");
        }
      }
      if (System.currentTimeMillis() >= deadline) {
        return read(jsonUrl).path("noStageWithGroupSpill");
      }
      Thread.sleep(500);
    }
  }

  /** Setup: waits until the driver has heard both executors' first level change (their reports are asynchronous). */
  private static void awaitPressureOfEveryExecutor(String jsonUrl) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + PRESSURE_WAIT_MILLIS;
    JsonNode summary = read(jsonUrl);
    while (summary.path("executors").size() < EXECUTORS && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
      summary = read(jsonUrl);
    }
  }

  private static JsonNode read(String url) throws IOException {
    try (var in = URI.create(url).toURL().openStream()) {
      return new ObjectMapper().readTree(in);
    }
  }
}

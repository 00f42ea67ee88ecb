package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.tiered.TieredStoreStageEvent;
import io.spillway.runtime.tiered.TieredStoreStageStats;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.util.JsonProtocol;
import org.junit.jupiter.api.Test;

/** The report's tiered-store section, read from event log lines as Spark writes them. */
class TieredStoreRowsTest {

  private static RunRecord run(String caseId, String mode, TieredStoreStageStats... stages) throws Exception {
    StringBuilder log = new StringBuilder();
    for (TieredStoreStageStats s : stages) {
      log.append(JsonProtocol.sparkEventToJsonString(new TieredStoreStageEvent(s))).append('\n');
    }
    EventLogMetrics metrics = EventLogReader.readStream(
        new ByteArrayInputStream(log.toString().getBytes(StandardCharsets.UTF_8)));
    return new RunRecord(caseId, "aggregation", mode, Outcome.OK, "", 1_000, 0, "1", "1", "", "", metrics);
  }

  private static TieredStoreStageStats stage(int id, int attempt, long heapHits, long offHeapHits, long misses) {
    return new TieredStoreStageStats(id, attempt, 8, heapHits + offHeapHits + misses, heapHits, offHeapHits, misses,
        5, 3L * 1024 * 1024, 1024, 9);
  }

  @Test
  void rows_oneRowPerStageAttempt_withHitRateAndBytes() throws Exception {
    RunRecord run = run("B3", "spillway", stage(3, 0, 600, 150, 250), stage(3, 1, 0, 0, 0));

    List<List<String>> rows = TieredStoreRows.rows(List.of(run));

    assertThat(rows).containsExactly(
        List.of("B3", "spillway", "3.0", "8", "60.0 %", "150", "250", "3.0 MiB", "9"),
        List.of("B3", "spillway", "3.1", "8", "n/a", "0", "0", "3.0 MiB", "9"));
    assertThat(TieredStoreRows.notUsed(List.of(run))).isEmpty();
  }

  @Test
  void event_nameMatchesTheRuntimeClass() {
    assertThat(TieredStoreRows.EVENT).isEqualTo(TieredStoreStageEvent.class.getName());
  }

  @Test
  void notUsed_spillwayRunWithoutStageEvents_oneSentence_stockRunNone() throws Exception {
    List<RunRecord> runs = List.of(run("S10", "stock"), run("S10", "spillway"));

    assertThat(TieredStoreRows.rows(runs)).isEmpty();
    assertThat(TieredStoreRows.notUsed(runs)).singleElement().asString()
        .startsWith("S10 spillway: no stage used the tiered store");
    assertThat(MarkdownReport.tieredStore(runs)).contains("## Tiered store").contains("- S10 spillway: no stage used")
        .doesNotContain("| case |");
    assertThat(HtmlReport.tieredStore(runs)).contains("<h2>Tiered store</h2>").contains("<li>S10 spillway: no stage used")
        .doesNotContain("<table>");
  }

  @Test
  void tieredStore_onlyStockRuns_noSection() throws Exception {
    List<RunRecord> runs = List.of(run("S10", "stock"));

    assertThat(MarkdownReport.tieredStore(runs)).isEmpty();
    assertThat(HtmlReport.tieredStore(runs)).isEmpty();
  }

  @Test
  void renderings_awkwardCaseName_escapedInMarkdownAndHtml() throws Exception {
    List<RunRecord> runs = List.of(run("<b>a|b</b>", "spillway", stage(2, 0, 1, 1, 2)),
        run("<i>x</i>", "spillway"));

    String md = MarkdownReport.tieredStore(runs);
    String html = HtmlReport.tieredStore(runs);

    assertThat(md).contains("| &lt;b&gt;a\\|b&lt;/b&gt; | spillway | 2.0 | 8 | 25.0 % |")
        .contains("- &lt;i&gt;x&lt;/i&gt; spillway: no stage used").doesNotContain("<b>").doesNotContain("<i>");
    assertThat(html).contains("<td>&lt;b&gt;a|b&lt;/b&gt;</td>").contains("<li>&lt;i&gt;x&lt;/i&gt; spillway")
        .doesNotContain("<b>").doesNotContain("<i>");
  }
}

package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.skew.MapTaskKeySketch;
import io.spillway.runtime.skew.ReportedKey;
import io.spillway.runtime.skew.ShuffleOrigin;
import io.spillway.runtime.skew.ShuffleSkewReport;
import io.spillway.runtime.skew.ShuffleSkewReportEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.util.JsonProtocol;
import org.junit.jupiter.api.Test;

/** The report's hot-key section, read from an event log line as Spark writes it, with awkward keys. */
class HotKeyRowsTest {

  private static RunRecord runWithReport(ReportedKey... keys) throws Exception {
    ShuffleSkewReport report = new ShuffleSkewReport(2, "cogroup/join", "join at S2.java:9", MapTaskKeySketch.RDD_KEYS,
        8, 8, 8, 1_000_000, 70_000_000, List.of(keys), ShuffleOrigin.Kind.COGROUP.remedy());
    String line = JsonProtocol.sparkEventToJsonString(new ShuffleSkewReportEvent(report)) + "\n";
    EventLogMetrics metrics = EventLogReader.readStream(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)));
    return new RunRecord("S2", "join", "spillway", Outcome.OK, "", 1_000, 0, "1", "1", "", "", metrics);
  }

  @Test
  void rows_onlyHotKeys_withShareLoadAndRemedy() throws Exception {
    RunRecord run = runWithReport(
        new ReportedKey("42", 3, 500_000, 10, 0.5, 35_000_000, 0.5, 4.0, true),
        new ReportedKey("7", 1, 1_000, 10, 0.001, 70_000, 0.001, 0.008, false));

    List<List<String>> rows = HotKeyRows.rows(List.of(run));

    assertThat(rows).containsExactly(List.of("S2", "spillway", "2", "cogroup/join", "42", "3", "50.0 %", "50.0 %", "4.0",
        ShuffleOrigin.Kind.COGROUP.remedy()));
  }

  @Test
  void renderings_awkwardKey_escapedInMarkdownAndHtml() throws Exception {
    RunRecord run = runWithReport(new ReportedKey("<script>a|b</script>\n\"q\"", 0, 10, 0, 0.6, 10, 0.6, 5.0, true));

    String md = MarkdownReport.hotKeys(List.of(run));
    String html = HtmlReport.hotKeys(List.of(run));

    assertThat(md).contains("## Hot keys").contains("&lt;script&gt;a\\|b&lt;/script&gt; \"q\"").doesNotContain("<script>");
    assertThat(html).contains("<h2>Hot keys</h2>").contains("&lt;script&gt;a|b&lt;/script&gt;").doesNotContain("<script>");
  }

  @Test
  void hotKeys_noSkewReports_noSection() throws Exception {
    RunRecord run = runWithReport(new ReportedKey("k", 0, 10, 0, 0.01, 10, 0.01, 0.1, false));

    assertThat(MarkdownReport.hotKeys(List.of(run))).isEmpty();
    assertThat(HtmlReport.hotKeys(List.of(run))).isEmpty();
  }
}

package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportRenderingTest {

  @TempDir
  Path tmp;

  static AbReport sample() throws Exception {
    EventLogMetrics oom = EventLogReader.read(EventLogReaderTest.resource("oom-exit52"));
    EventLogMetrics spill = EventLogReader.read(EventLogReaderTest.resource("spill-ok"));
    RunRecord stock = new RunRecord("S1", "hot key | <groupBy>", "stock", Outcome.OOM, "1 executor lost, exit 52",
        12_000, 0, "42", "", "Job aborted:\nline two | \"quoted\" <b>", "runs/S1-stock", oom);
    RunRecord spillway = new RunRecord("S1", "hot key | <groupBy>", "spillway", Outcome.OK, "", 30_000, 0, "42", "42",
        "", "runs/S1-spillway", spill);
    return new AbReport("2026-11-27T12:00:00Z", Map.of("executors", "2", "scale", "0.2"),
        List.of("spark.task.maxFailures=2", "spark.shuffle.manager=io.spillway.shuffle.SpillwayShuffleManager (spillway only)"),
        Map.of("cores", "2", "spark", "4.1.3"), List.of(stock, spillway));
  }

  @Test
  void table_rows_showOutcomeSpillGcPeakAndRatio() throws Exception {
    String md = MarkdownReport.table(sample().runs());
    assertThat(md.lines()).hasSize(4);
    assertThat(md).contains("| S1 | stock | OOM (1 executor lost, exit 52) | 12.0 s | 0 | 0.6 s (14%) | 508.0 MiB |  |");
    assertThat(md).contains("| S1 | spillway | ok | 30.0 s | 660.9 MiB + 79.7 MiB | 4.2 s (8%) | 347.9 MiB | 2.50× (stock OOM) |");
  }

  @Test
  void render_markdown_listsNonDefaultSettingsAndDate() throws Exception {
    String md = MarkdownReport.render(sample());
    assertThat(md).contains("Run 2026-11-27T12:00:00Z.")
        .contains("- `spark.task.maxFailures=2`")
        .contains("(spillway only)");
  }

  @Test
  void escape_awkwardCharacters_keepOneCell() {
    assertThat(MarkdownReport.escape("a|b\nc <d>")).isEqualTo("a\\|b c &lt;d&gt;");
    assertThat(HtmlReport.escape("<a href=\"x\">O'Neil & co</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;");
  }

  @Test
  void render_html_isOnePageWithSvgChartAndEscapedText() throws Exception {
    String html = HtmlReport.render(sample());
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("</svg>")
        .contains("fill=\"" + HtmlReport.COLORS.get(Outcome.OOM) + "\"")
        .contains("fill=\"" + HtmlReport.COLORS.get(Outcome.OK) + "\"")
        .contains(">wrong result</text>")
        .doesNotContain("<script").doesNotContain("href=\"http").doesNotContain("src=\"");
    assertThat(html).doesNotContain("<groupBy>");
  }

  @Test
  void write_thenRead_roundTripsTheReport() throws Exception {
    AbReport report = sample();
    ReportWriter.write(report, tmp);
    assertThat(tmp.resolve("report.md")).exists();
    assertThat(Files.readString(tmp.resolve("report.html"))).contains("<svg");
    assertThat(Files.readString(tmp.resolve("report.json"))).contains("\"spilledBytes\" : 776576475");
    AbReport back = ReportWriter.read(tmp.resolve("report.json"));
    assertThat(back).isEqualTo(report);
  }
}

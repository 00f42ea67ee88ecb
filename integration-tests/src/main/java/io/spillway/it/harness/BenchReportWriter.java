package io.spillway.it.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code report.json}, {@code report.md} and {@code report.html} of a benchmark into its report folder, and reads the JSON back. */
public final class BenchReportWriter {

  private BenchReportWriter() {}

  public static void write(BenchReport report, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    ReportWriter.JSON.writerWithDefaultPrettyPrinter().writeValue(outDir.resolve("report.json").toFile(), report);
    Files.writeString(outDir.resolve("report.md"), BenchMarkdown.render(report), StandardCharsets.UTF_8);
    Files.writeString(outDir.resolve("report.html"), BenchHtml.render(report), StandardCharsets.UTF_8);
  }

  public static BenchReport read(Path reportJson) throws IOException {
    return ReportWriter.JSON.readValue(reportJson.toFile(), BenchReport.class);
  }
}

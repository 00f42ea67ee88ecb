package io.spillway.it.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code report.json}, {@code report.md} and {@code report.html} of a degradation curve, and reads the JSON
 * back.
 */
public final class CurveReportWriter {

  private CurveReportWriter() {}

  public static void write(CurveReport report, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    ReportWriter.JSON.writerWithDefaultPrettyPrinter().writeValue(outDir.resolve("report.json").toFile(), report);
    Files.writeString(outDir.resolve("report.md"), CurveMarkdown.render(report), StandardCharsets.UTF_8);
    Files.writeString(outDir.resolve("report.html"), CurveHtml.render(report), StandardCharsets.UTF_8);
  }

  public static CurveReport read(Path reportJson) throws IOException {
    return ReportWriter.JSON.readValue(reportJson.toFile(), CurveReport.class);
  }
}

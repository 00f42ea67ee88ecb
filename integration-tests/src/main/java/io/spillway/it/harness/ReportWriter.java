package io.spillway.it.harness;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code report.json}, {@code report.md} and {@code report.html} into the report folder. */
public final class ReportWriter {

  /** Reads result files of any size: one written before errors were cut held a 36 MB string. */
  static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
      .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
          .maxStringLength(Integer.MAX_VALUE).build())
      .build())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private ReportWriter() {}

  public static void write(AbReport report, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    JSON.writerWithDefaultPrettyPrinter().writeValue(outDir.resolve("report.json").toFile(), report);
    Files.writeString(outDir.resolve("report.md"), MarkdownReport.render(report), StandardCharsets.UTF_8);
    Files.writeString(outDir.resolve("report.html"), HtmlReport.render(report), StandardCharsets.UTF_8);
  }

  /** Reads a {@code report.json} back, e.g. to compare two reports or to re-render one. */
  public static AbReport read(Path reportJson) throws IOException {
    return JSON.readValue(reportJson.toFile(), AbReport.class);
  }
}

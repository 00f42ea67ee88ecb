package io.spillway.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One run's folder under {@code <out>/runs/<case>-<mode>/} (or {@code <out>/runs/pair<n>/<case>-<mode>/} for a
 * benchmark pair, {@code <out>/runs/<memory>/<case>-<mode>/} for a point of a degradation curve): its event log
 * folder, driver log and result file; and the judging of what it holds once the driver is gone.
 */
final class RunFolder {

  /** How much of the end of a driver log is searched for an OutOfMemoryError (where it is printed). */
  static final int DRIVER_LOG_TAIL_BYTES = 4 << 20;

  /** Error texts in the report are cut to this length; the full text stays in the run folder. */
  static final int ERROR_TEXT_CHARS = 400;

  private final Path dir;
  private final String name;

  RunFolder(Path reportDir, String caseId, String mode) {
    this(reportDir, "runs/" + caseId + "-" + mode);
  }

  /** The folder of one side of benchmark pair {@code pair} (1-based). */
  static RunFolder ofPair(Path reportDir, int pair, String caseId, String mode) {
    return new RunFolder(reportDir, "runs/pair" + pair + "/" + caseId + "-" + mode);
  }

  /** The folder of a benchmark's untimed run that prepares a workload's input: {@code runs/prepare/<case>-<mode>/}. */
  static RunFolder ofPreparation(Path reportDir, String caseId, String mode) {
    return new RunFolder(reportDir, "runs/prepare/" + caseId + "-" + mode);
  }

  /** The folder of one point of a degradation curve: {@code runs/<memory>/<case>-<mode>/}. */
  static RunFolder ofMemory(Path reportDir, String memory, String caseId, String mode) {
    return new RunFolder(reportDir, "runs/" + memory + "/" + caseId + "-" + mode);
  }

  private RunFolder(Path reportDir, String name) {
    this.name = name;
    this.dir = reportDir.resolve(name);
  }

  /** Empties the folder of a previous run of the same case and mode, so only this run's log is read. */
  RunFolder prepare() throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(eventLogDir());
    return this;
  }

  Path dir() {
    return dir;
  }

  Path eventLogDir() {
    return dir.resolve("eventlog");
  }

  Path driverLog() {
    return dir.resolve("driver.log");
  }

  Path resultFile() {
    return dir.resolve("result.json");
  }

  /** Gathers what the run left and judges it. */
  RunRecord judge(String caseId, String title, String mode, ChildProcess.Exit exit) throws IOException {
    Optional<JsonNode> result = Files.isRegularFile(resultFile())
        ? Optional.of(ReportWriter.JSON.readTree(resultFile().toFile())) : Optional.empty();
    EventLogMetrics metrics = EventLogReader.read(eventLogDir());
    RunEvidence ev = new RunEvidence(exit.timedOut(), exit.exitCode(), result, driverLogTail(), metrics);
    Outcome outcome = OutcomeClassifier.classify(ev);
    long wallMillis = result.map(r -> r.path("wallMillis").asLong(exit.wallMillis())).orElse(exit.wallMillis());
    String error = result.map(r -> r.path("error").asText("")).filter(s -> !s.isEmpty())
        .orElse(metrics.firstJobFailure());
    return new RunRecord(caseId, title, mode, outcome, OutcomeClassifier.detail(outcome, ev), wallMillis,
        exit.exitCode(), result.map(r -> r.path("expected").asText("")).orElse(""),
        result.map(r -> r.path("actual").asText("")).orElse(""), cut(error), name, metrics);
  }

  private String driverLogTail() {
    Path log = driverLog();
    if (!Files.isRegularFile(log)) {
      return "";
    }
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long from = Math.max(0, f.length() - DRIVER_LOG_TAIL_BYTES);
      byte[] buf = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(buf);
      return new String(buf, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read driver log " + log, e);
    }
  }

  private static String cut(String s) {
    String one = s.strip();
    return one.length() <= ERROR_TEXT_CHARS ? one : one.substring(0, ERROR_TEXT_CHARS) + "…";
  }
}

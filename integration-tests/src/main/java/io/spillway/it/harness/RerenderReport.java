package io.spillway.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a report folder's report.json/md/html again from its runs, without running anything: each
 * run's metrics are read afresh from the event log still in its run folder, so a report made before the
 * harness learnt to read something (e.g. the pressure timeline's times) shows it too. Verdicts, wall
 * times and answers are kept as recorded. Usage: {@code RerenderReport <report dir> [<out dir>]}; the
 * out dir defaults to the report dir (its report files are replaced).
 */
public final class RerenderReport {

  private RerenderReport() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: RerenderReport <report dir> [<out dir>]");
      System.exit(2);
    }
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", AbHarness.LOG4J_CONFIG);
    }
    Path in = Path.of(args[0]);
    Path out = Path.of(args.length == 2 ? args[1] : args[0]);
    ReportWriter.write(rerender(ReportWriter.read(in.resolve("report.json")), in), out);
    System.out.println("Report: " + out.resolve("report.html") + " (also report.md, report.json)");
  }

  /** The report with every run's metrics re-read from {@code <reportDir>/<runDir>/eventlog} when it is there. */
  static AbReport rerender(AbReport report, Path reportDir) {
    List<RunRecord> runs = new ArrayList<>();
    for (RunRecord r : report.runs()) {
      Path eventLog = reportDir.resolve(r.runDir()).resolve("eventlog");
      EventLogMetrics m = Files.isDirectory(eventLog) ? EventLogReader.read(eventLog) : r.metrics();
      runs.add(new RunRecord(r.caseId(), r.title(), r.mode(), r.outcome(), r.detail(), r.wallMillis(),
          r.exitCode(), r.expected(), r.actual(), r.error(), r.runDir(), m));
    }
    return new AbReport(report.createdAt(), report.settings(), report.nonDefaultSettings(), report.environment(),
        runs);
  }
}

package io.spillway.it.harness;

/**
 * One row of the A/B table: a case run in one mode, judged, with its metrics.
 *
 * @param caseId     {@code S1}…, or the application's name in submit mode
 * @param title      the case's one-line description
 * @param mode       {@code stock} or {@code spillway}
 * @param outcome    the verdict
 * @param detail     lost executors, exit codes, where an OOM was seen
 * @param wallMillis the job's wall time as the runner measured it (session start to result), else the
 *                   driver process's
 * @param exitCode   the driver process's exit code ({@code -1} when it was killed)
 * @param expected   the expected answer, empty when unknown
 * @param actual     the computed answer, empty when none
 * @param error      the runner's error message or the first failed job's, empty when none
 * @param runDir     the folder holding this run's event log and driver log, relative to the report
 * @param metrics    the event log's figures
 */
public record RunRecord(String caseId, String title, String mode, Outcome outcome, String detail, long wallMillis,
    int exitCode, String expected, String actual, String error, String runDir, EventLogMetrics metrics) {

  /** "OOM (2 executors lost, exit 52)", as the progress line and the table show it. */
  public String outcomeText() {
    return detail.isEmpty() ? outcome.label() : outcome.label() + " (" + detail + ")";
  }
}

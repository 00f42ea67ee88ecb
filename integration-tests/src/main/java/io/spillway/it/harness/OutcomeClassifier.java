package io.spillway.it.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Decides a run's {@link Outcome} and the short explanation next to it in the table.
 *
 * <p>Order matters: a timeout wins (the run never finished); then the result file's verdict on the
 * answer; then OOM evidence — an executor exit code 52, a task that threw OutOfMemoryError (both from
 * the event log), or "java.lang.OutOfMemoryError" in the runner's error or, when the driver died
 * without writing a result, in the driver's own log; anything else is an error.
 */
public final class OutcomeClassifier {

  static final String OOM_TEXT = "java.lang.OutOfMemoryError";

  private OutcomeClassifier() {}

  public static Outcome classify(RunEvidence ev) {
    if (ev.timedOut()) {
      return Outcome.TIMEOUT;
    }
    if (ev.status().equals("ok")) {
      return Outcome.OK;
    }
    if (ev.status().equals("wrong")) {
      return Outcome.WRONG;
    }
    if (ev.resultFile().isEmpty() && ev.processExitCode() == 0 && !ev.status().equals("error")
        && ev.metrics().jobsFailed() == 0) {
      // A submitted application: no result file, and exit 0 is its only verdict.
      return Outcome.OK;
    }
    boolean runnerSawOom = ev.resultFile()
        .map(r -> r.path("error").asText().contains(OOM_TEXT) || r.path("stackTrace").asText().contains(OOM_TEXT))
        .orElse(false);
    boolean driverDiedOfOom = ev.resultFile().isEmpty() && ev.driverLog().contains(OOM_TEXT);
    if (ev.metrics().showsOom() || runnerSawOom || driverDiedOfOom) {
      return Outcome.OOM;
    }
    return Outcome.ERROR;
  }

  /**
   * The explanation printed after the outcome: lost executors and their exit codes, failed tasks, and
   * where an OOM was seen when no executor was lost; empty when there is nothing to add.
   */
  public static String detail(Outcome outcome, RunEvidence ev) {
    List<String> parts = new ArrayList<>();
    EventLogMetrics m = ev.metrics();
    int lost = m.lostExecutors().size();
    if (lost > 0) {
      String codes = m.exitCodes().isEmpty() ? "" : ", exit " + m.exitCodes().stream().map(String::valueOf)
          .collect(Collectors.joining("/"));
      parts.add(lost + (lost == 1 ? " executor" : " executors") + " lost" + codes);
    }
    if (lost == 0 && m.executorLostFailures() > 0) {
      // The removal event can be missing when the application ended first; the task ends still say it.
      parts.add(m.executorLostFailures() + " task(s) lost with their executor");
    }
    if (outcome == Outcome.OOM && lost == 0) {
      parts.add(m.taskOomFailures() > 0 ? "OutOfMemoryError in " + m.taskOomFailures() + " task(s)" : "driver OOM");
    }
    if (outcome == Outcome.ERROR && ev.processExitCode() != 0 && ev.resultFile().isEmpty()) {
      parts.add("driver exit " + ev.processExitCode());
    }
    return String.join(", ", parts);
  }
}

package io.spillway.it.harness;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wall-clock instants an event log gives for the application and its executors, so that the
 * pressure timeline ({@link PressureTimeline}) can put Spillway's events on a common axis and show when
 * each executor came and went. All are driver-clock epoch milliseconds from the events' "Timestamp".
 *
 * @param applicationStartMillis SparkListenerApplicationStart's timestamp, 0 when the log has none
 * @param applicationEndMillis   SparkListenerApplicationEnd's timestamp, 0 when the log has none (a driver
 *                               that was killed writes no end)
 * @param executorAddedMillis    SparkListenerExecutorAdded's timestamp per executor id
 * @param executorRemovedMillis  SparkListenerExecutorRemoved's timestamp per executor id
 * @param jobsMillis             the summed time of the application's jobs, submission to completion, leaving out
 *                               jobs in the {@link #SETUP_JOB_GROUP} job group (a workload's input preparation):
 *                               what a benchmark times, without session start-up, the harness's own answer check
 *                               or the input's generation; 0 when the log has no job (or predates this field)
 */
public record EventLogTimes(long applicationStartMillis, long applicationEndMillis,
    Map<String, Long> executorAddedMillis, Map<String, Long> executorRemovedMillis, long jobsMillis) {

  /** The job group a workload puts its input preparation in, so that {@link #jobsMillis} leaves it out. */
  public static final String SETUP_JOB_GROUP = io.spillway.it.cases.OomCase.SETUP_JOB_GROUP;

  /** The times of a run without an event log, or of a report written before these were kept. */
  public static final EventLogTimes NONE = new EventLogTimes(0, 0, Map.of(), Map.of(), 0);

  /** Times without job timing (timelines only). */
  public EventLogTimes(long applicationStartMillis, long applicationEndMillis, Map<String, Long> executorAddedMillis,
      Map<String, Long> executorRemovedMillis) {
    this(applicationStartMillis, applicationEndMillis, executorAddedMillis, executorRemovedMillis, 0);
  }

  public EventLogTimes {
    executorAddedMillis = sorted(executorAddedMillis);
    executorRemovedMillis = sorted(executorRemovedMillis);
  }

  /** Sorted by executor id so report.json is stable; null (a report.json without the field) is empty. */
  private static Map<String, Long> sorted(Map<String, Long> m) {
    return Collections.unmodifiableMap(m == null ? new TreeMap<>() : new TreeMap<>(m));
  }
}

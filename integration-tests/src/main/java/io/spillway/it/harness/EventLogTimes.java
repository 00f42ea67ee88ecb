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
 */
public record EventLogTimes(long applicationStartMillis, long applicationEndMillis,
    Map<String, Long> executorAddedMillis, Map<String, Long> executorRemovedMillis) {

  /** The times of a run without an event log, or of a report written before these were kept. */
  public static final EventLogTimes NONE = new EventLogTimes(0, 0, Map.of(), Map.of());

  public EventLogTimes {
    executorAddedMillis = sorted(executorAddedMillis);
    executorRemovedMillis = sorted(executorRemovedMillis);
  }

  /** Sorted by executor id so report.json is stable; null (a report.json without the field) is empty. */
  private static Map<String, Long> sorted(Map<String, Long> m) {
    return Collections.unmodifiableMap(m == null ? new TreeMap<>() : new TreeMap<>(m));
  }
}

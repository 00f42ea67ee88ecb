package io.spillway.it.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one application's Spark event log says about a run: task totals (failed tasks included, since
 * a task that died spilling or collecting garbage cost the run as much as one that finished), peak
 * executor heap, lost executors and job results, plus every event Spillway's plugin posted.
 *
 * <p>Built only by {@link EventLogReader}; the report writes it to JSON as it is.
 *
 * @param appId                   the "App ID" of SparkListenerApplicationStart, empty when absent
 * @param tasks                   SparkListenerTaskEnd events
 * @param failedTasks             task ends whose reason is not Success
 * @param executorRunTimeMillis   sum of "Executor Run Time"
 * @param jvmGcTimeMillis         sum of "JVM GC Time"
 * @param memoryBytesSpilled      sum of "Memory Bytes Spilled" (deserialized size of what was spilled)
 * @param diskBytesSpilled        sum of "Disk Bytes Spilled" (what it took on disk)
 * @param peakHeapBytesByExecutor max "JVMHeapMemory" per executor over task-end and stage-executor metrics
 * @param driverPeakHeapBytes     the same for the driver
 * @param lostExecutors           SparkListenerExecutorRemoved events, in log order
 * @param executorLostFailures    task ends with reason ExecutorLostFailure
 * @param taskOomFailures         task ends with an ExceptionFailure of class java.lang.OutOfMemoryError
 * @param jobsSucceeded           SparkListenerJobEnd events with JobSucceeded
 * @param jobsFailed              SparkListenerJobEnd events with JobFailed
 * @param firstJobFailure         the first failed job's exception message, empty when none failed
 * @param spillwayEventsByExecutor count of {@code io.spillway.*} events per executor id ("?" when unnamed)
 * @param spillwayEvents          those events as logged, for timelines
 * @param malformedLines          lines that were not JSON (the last line of a log cut off by a kill)
 * @param times                   application start/end and executor added/removed instants, for timelines
 */
public record EventLogMetrics(
    String appId,
    int tasks,
    int failedTasks,
    long executorRunTimeMillis,
    long jvmGcTimeMillis,
    long memoryBytesSpilled,
    long diskBytesSpilled,
    Map<String, Long> peakHeapBytesByExecutor,
    long driverPeakHeapBytes,
    List<LostExecutor> lostExecutors,
    int executorLostFailures,
    int taskOomFailures,
    int jobsSucceeded,
    int jobsFailed,
    String firstJobFailure,
    Map<String, Integer> spillwayEventsByExecutor,
    List<JsonNode> spillwayEvents,
    int malformedLines,
    EventLogTimes times) {

  /** GC time above this share of executor run time is reported as "thrashing". */
  public static final double THRASHING_GC_SHARE_RATIO = 1.0 / 3.0;

  /** Metrics of a run that left no event log (e.g. a driver that died before SparkContext started). */
  public static final EventLogMetrics NONE = new EventLogMetrics("", 0, 0, 0, 0, 0, 0, Map.of(), 0, List.of(), 0, 0,
      0, 0, "", Map.of(), List.of(), 0, EventLogTimes.NONE);

  public EventLogMetrics {
    peakHeapBytesByExecutor = Map.copyOf(peakHeapBytesByExecutor);
    lostExecutors = List.copyOf(lostExecutors);
    spillwayEventsByExecutor = Map.copyOf(spillwayEventsByExecutor);
    spillwayEvents = List.copyOf(spillwayEvents);
    times = times == null ? EventLogTimes.NONE : times; // report.json written before times were kept
  }

  /**
   * Spillway's events laid out per executor on the application's time axis; derived, so report.json
   * carries it next to the raw events without reading it back.
   */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public PressureTimeline pressureTimeline() {
    return PressureTimeline.of(spillwayEvents, times, lostExecutors);
  }

  /** Memory plus disk bytes spilled, the "spilled" column. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public long spilledBytes() {
    return memoryBytesSpilled + diskBytesSpilled;
  }

  /** GC time over executor run time, 0 when no task ran. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public double gcShareRatio() {
    return executorRunTimeMillis == 0 ? 0 : (double) jvmGcTimeMillis / executorRunTimeMillis;
  }

  /** True when executors spent more than a third of their run time collecting garbage. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public boolean thrashing() {
    return gcShareRatio() > THRASHING_GC_SHARE_RATIO;
  }

  /** The highest executor JVM heap seen on any executor, 0 when none was reported. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public long peakExecutorHeapBytes() {
    return peakHeapBytesByExecutor.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  /** The distinct exit codes of lost executors that named one. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public SortedSet<Integer> exitCodes() {
    SortedSet<Integer> codes = new TreeSet<>();
    lostExecutors.forEach(l -> {
      if (l.exitCode() != LostExecutor.UNKNOWN_EXIT_CODE) {
        codes.add(l.exitCode());
      }
    });
    return codes;
  }

  /** True when the log itself shows an OutOfMemoryError: an exit code 52 or a task that threw one. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public boolean showsOom() {
    return exitCodes().contains(LostExecutor.OOM_EXIT_CODE) || taskOomFailures > 0
        || lostExecutors.stream().anyMatch(l -> l.reason().contains("OutOfMemoryError"));
  }
}

package io.spillway.it.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the JSON-lines event log of one run into {@link EventLogMetrics}.
 *
 * <p>Why the event log and not console text: it is what Spark's history server reads, its field names
 * are fixed by {@code org.apache.spark.util.JsonProtocol} (checked against 4.1.3 and against logs of
 * real runs), and it is written the same way whether the driver is ours or a user's spark-submit.
 * Fields read: SparkListenerTaskEnd → "Task Metrics" ("Executor Run Time", "JVM GC Time",
 * "Memory Bytes Spilled", "Disk Bytes Spilled"), "Task End Reason" ("Reason", "Class Name"),
 * "Task Info"/"Executor ID", "Task Executor Metrics"/"JVMHeapMemory";
 * SparkListenerStageExecutorMetrics → "Executor ID", "Executor Metrics"/"JVMHeapMemory";
 * SparkListenerExecutorRemoved → "Executor ID", "Removed Reason"; SparkListenerJobEnd → "Job Result";
 * "Timestamp" of SparkListenerApplicationStart/End and SparkListenerExecutorAdded/Removed (for timelines).
 * Custom events are logged by Jackson with their class name in "Event"; those of {@code io.spillway.}
 * are kept whole.
 */
public final class EventLogReader {

  static final String SPILLWAY_EVENT_PREFIX = "io.spillway.";
  private static final String DRIVER = "driver";

  private final ObjectMapper json = new ObjectMapper();

  // Accumulated over every line read.
  private String appId = "";
  private int tasks;
  private int failedTasks;
  private long runTimeMillis;
  private long gcTimeMillis;
  private long memorySpilledBytes;
  private long diskSpilledBytes;
  private final Map<String, Long> peakHeapBytes = new TreeMap<>();
  private final List<LostExecutor> lost = new ArrayList<>();
  private int executorLostFailures;
  private int taskOomFailures;

  private static final String OOM_CLASS = "java.lang.OutOfMemoryError";
  private int jobsSucceeded;
  private int jobsFailed;
  private String firstJobFailure = "";
  private final Map<String, Integer> spillwayCounts = new TreeMap<>();
  private final List<JsonNode> spillwayEvents = new ArrayList<>();
  private int malformedLines;
  private long appStartMillis;
  private long appEndMillis;
  private final Map<Long, Long> measuredJobStarts = new java.util.HashMap<>();
  private long jobsMillis;
  private final Map<String, Long> executorAddedMillis = new TreeMap<>();
  private final Map<String, Long> executorRemovedMillis = new TreeMap<>();

  private EventLogReader() {}

  /** Reads every event log under {@code eventLogDir}; {@link EventLogMetrics#NONE} when there is none. */
  public static EventLogMetrics read(Path eventLogDir) {
    List<Path> files = EventLogFiles.find(eventLogDir);
    if (files.isEmpty()) {
      return EventLogMetrics.NONE;
    }
    EventLogReader r = new EventLogReader();
    for (Path f : files) {
      try (InputStream in = EventLogFiles.open(f)) {
        r.readLines(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read event log " + f, e);
      }
    }
    return r.metrics();
  }

  /** Reads one stream of JSON lines; exposed for tests that feed lines directly. */
  static EventLogMetrics readStream(InputStream in) throws IOException {
    EventLogReader r = new EventLogReader();
    r.readLines(in);
    return r.metrics();
  }

  private void readLines(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode event;
      try {
        event = json.readTree(line);
      } catch (JsonProcessingException e) {
        malformedLines++;
        continue;
      }
      accept(event);
    }
  }

  private void accept(JsonNode e) {
    String type = e.path("Event").asText();
    switch (type) {
      case "SparkListenerApplicationStart" -> applicationStart(e);
      case "SparkListenerApplicationEnd" -> appEndMillis = e.path("Timestamp").asLong(appEndMillis);
      case "SparkListenerExecutorAdded" ->
          executorAddedMillis.putIfAbsent(e.path("Executor ID").asText(), e.path("Timestamp").asLong());
      case "SparkListenerTaskEnd" -> taskEnd(e);
      case "SparkListenerStageExecutorMetrics" ->
          peak(e.path("Executor ID").asText(), e.path("Executor Metrics").path("JVMHeapMemory").asLong());
      case "SparkListenerExecutorRemoved" -> executorRemoved(e);
      case "SparkListenerJobStart" -> jobStart(e);
      case "SparkListenerJobEnd" -> {
        jobEnd(e.path("Job Result"));
        jobFinished(e);
      }
      default -> {
        if (type.startsWith(SPILLWAY_EVENT_PREFIX)) {
          spillwayEvents.add(e);
          spillwayCounts.merge(executorOf(e), 1, Integer::sum);
        }
      }
    }
  }

  private void applicationStart(JsonNode e) {
    appId = e.path("App ID").asText(appId);
    if (appStartMillis == 0) {
      appStartMillis = e.path("Timestamp").asLong();
    }
  }

  private void executorRemoved(JsonNode e) {
    String id = e.path("Executor ID").asText();
    lost.add(LostExecutor.fromReason(id, e.path("Removed Reason").asText()));
    executorRemovedMillis.putIfAbsent(id, e.path("Timestamp").asLong());
  }

  /**
   * The task died of an {@code OutOfMemoryError}, thrown by it or as the cause of what it threw: a heap
   * exhausted by in-flight fetch buffers surfaces as a {@code FetchFailedException} caused by an OOM
   * in Netty's thread.
   */
  private static boolean causedByOom(JsonNode reason) {
    return reason.path("Class Name").asText().equals(OOM_CLASS)
        || reason.path("Full Stack Trace").asText().contains(OOM_CLASS);
  }

  private void taskEnd(JsonNode e) {
    tasks++;
    JsonNode reason = e.path("Task End Reason");
    String kind = reason.path("Reason").asText();
    if (!kind.equals("Success")) {
      failedTasks++;
    }
    if (kind.equals("ExecutorLostFailure")) {
      executorLostFailures++;
    }
    if (kind.equals("ExceptionFailure") && causedByOom(reason)) {
      taskOomFailures++;
    }
    JsonNode m = e.path("Task Metrics");
    runTimeMillis += m.path("Executor Run Time").asLong();
    gcTimeMillis += m.path("JVM GC Time").asLong();
    memorySpilledBytes += m.path("Memory Bytes Spilled").asLong();
    diskSpilledBytes += m.path("Disk Bytes Spilled").asLong();
    peak(e.path("Task Info").path("Executor ID").asText(), e.path("Task Executor Metrics").path("JVMHeapMemory").asLong());
  }

  private void peak(String executorId, long heapBytes) {
    if (!executorId.isEmpty() && heapBytes > 0) {
      peakHeapBytes.merge(executorId, heapBytes, Math::max);
    }
  }

  private void jobStart(JsonNode e) {
    String group = e.path("Properties").path("spark.jobGroup.id").asText("");
    if (!group.equals(EventLogTimes.SETUP_JOB_GROUP)) {
      measuredJobStarts.put(e.path("Job ID").asLong(), e.path("Submission Time").asLong());
    }
  }

  /** Adds a measured job's time; jobs run one after the other in the workloads, so the sum is their span. */
  private void jobFinished(JsonNode e) {
    Long start = measuredJobStarts.remove(e.path("Job ID").asLong());
    long end = e.path("Completion Time").asLong();
    if (start != null && start > 0 && end >= start) {
      jobsMillis += end - start;
    }
  }

  private void jobEnd(JsonNode result) {
    if (result.path("Result").asText().equals("JobSucceeded")) {
      jobsSucceeded++;
    } else {
      jobsFailed++;
      if (firstJobFailure.isEmpty()) {
        firstJobFailure = result.path("Exception").path("Message").asText();
      }
    }
  }

  private static String executorOf(JsonNode e) {
    for (String field : List.of("executorId", "Executor ID", "execId")) {
      if (e.hasNonNull(field)) {
        return e.get(field).asText();
      }
    }
    return "?";
  }

  private EventLogMetrics metrics() {
    Map<String, Long> executors = new TreeMap<>(peakHeapBytes);
    Long driver = executors.remove(DRIVER);
    return new EventLogMetrics(appId, tasks, failedTasks, runTimeMillis, gcTimeMillis, memorySpilledBytes,
        diskSpilledBytes, executors, driver == null ? 0 : driver, lost, executorLostFailures, taskOomFailures,
        jobsSucceeded, jobsFailed, firstJobFailure, spillwayCounts, spillwayEvents, malformedLines,
        new EventLogTimes(appStartMillis, appEndMillis, executorAddedMillis, executorRemovedMillis, jobsMillis));
  }
}

package io.spillway.runtime.compat;

import org.apache.spark.TaskContext;
import org.apache.spark.shuffle.ShuffleReadMetricsReporter;
import org.apache.spark.shuffle.ShuffleWriteMetricsReporter;

/**
 * The task metrics Spillway updates so its spills and reads show in Spark's UI and event log like Spark's own:
 * {@code TaskMetrics.incMemoryBytesSpilled / incDiskBytesSpilled / incPeakExecutionMemory},
 * {@code createTempShuffleReadMetrics / mergeShuffleReadMetrics} and the reporters' {@code incRecordsRead /
 * incWriteTime}. All are {@code private[spark]} (public in bytecode); same signatures on 4.0.4, 4.1.3 and 4.2.0.
 * Used by the storage and shuffle-manager modules too: one place for the metrics calls of all three.
 */
public final class TaskMetricsCompat {

  private TaskMetricsCompat() {}

  /** Adds {@code bytes} to the task's "spill (memory)": the in-memory size of what was spilled. */
  public static void incMemoryBytesSpilled(TaskContext task, long bytes) {
    task.taskMetrics().incMemoryBytesSpilled(bytes);
  }

  /** Adds {@code bytes} to the task's "spill (disk)": the bytes written for what was spilled. */
  public static void incDiskBytesSpilled(TaskContext task, long bytes) {
    task.taskMetrics().incDiskBytesSpilled(bytes);
  }

  /** Raises the task's peak execution memory to at least {@code bytes}. */
  public static void incPeakExecutionMemory(TaskContext task, long bytes) {
    task.taskMetrics().incPeakExecutionMemory(bytes);
  }

  /** A fresh shuffle-read reporter of the task; {@link #mergeShuffleReadMetrics} folds it into the task's. */
  public static ShuffleReadMetricsReporter newTempShuffleReadMetrics(TaskContext task) {
    return task.taskMetrics().createTempShuffleReadMetrics();
  }

  /** Folds every reporter made by {@link #newTempShuffleReadMetrics} into the task's shuffle-read metrics. */
  public static void mergeShuffleReadMetrics(TaskContext task) {
    task.taskMetrics().mergeShuffleReadMetrics();
  }

  /** Counts {@code records} read by a shuffle read. */
  public static void incRecordsRead(ShuffleReadMetricsReporter metrics, long records) {
    metrics.incRecordsRead(records);
  }

  /** Adds {@code nanos} to a shuffle write's write time. */
  public static void incWriteTime(ShuffleWriteMetricsReporter metrics, long nanos) {
    metrics.incWriteTime(nanos);
  }
}

package io.spillway.runtime.control;

import org.apache.spark.TaskContext;

/**
 * A point on a task's own thread, between two records, where the control loop may act on that task:
 * Spillway's shuffle reader calls it for every record it hands to an aggregation map or to the caller,
 * and its writer for every record on its way to Spark's map-side writer.
 *
 * <p>Why a hook on the record path: the control loop's thread must not make a running task's consumers
 * spill ({@code TaskMemoryManager} calls {@code spill} on them, which Spark expects from the task's own
 * thread, and {@code ExternalAppendOnlyMap.forceSpill} swaps the map being inserted into). Between two
 * records on the task thread, that is exactly what Spark itself does when a consumer asks for memory.
 *
 * <p>Contract for implementations: called at record rate, so below the pressure that needs action it
 * must cost a volatile read; it may acquire execution memory for {@code task} (and so spill the task's
 * consumers); it must not block on anything but Spark's memory pool.
 *
 * <p>Callers must not call it while a reduce-side {@code ExternalSorter} of the same task is inserting
 * (its {@code forceSpill} asserts that its iterator exists).
 */
@FunctionalInterface
public interface TaskCheckpoint {

  /** Does nothing: the hook when the control loop or its balloon is off. */
  TaskCheckpoint NONE = task -> { };

  /** @param task the task whose thread is calling */
  void onRecord(TaskContext task);
}

package io.spillway.runtime.compat;

import org.apache.spark.TaskContext;
import org.apache.spark.memory.TaskMemoryManager;

/**
 * The {@code private[spark]} members of {@code TaskContext} Spillway's control loop uses (public in bytecode,
 * same on 4.0.4, 4.1.3 and 4.2.0): {@code taskMemoryManager}, to give a running task a memory consumer of
 * Spillway's, and {@code markInterrupted}, to stop a task the way a kill does.
 */
public final class TaskContextCompat {

  private TaskContextCompat() {}

  /** The task's memory manager: where a {@code MemoryConsumer} of the task acquires and spills. */
  public static TaskMemoryManager taskMemoryManager(TaskContext task) {
    return task.taskMemoryManager();
  }

  /**
   * Marks the task interrupted with {@code reason}: its interruptible iterators throw {@code TaskKilledException}
   * at their next record and the scheduler reschedules it, as for a kill from the driver.
   */
  public static void markInterrupted(TaskContext task, String reason) {
    task.markInterrupted(reason);
  }
}

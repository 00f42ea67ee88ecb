package io.spillway.runtime.control;

import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.Optional;
import org.apache.spark.TaskContext;

/**
 * One thing the {@link PressureController} can do about heap pressure, and undo when it falls.
 *
 * <p>Contract. {@link #onLevel} is called on the controller's single action thread, once per level
 * change, in order, so an action needs no lock for state only it touches there. It acts when the level
 * enters the range it cares about and undoes when the level drops below it (the monitor's hysteresis
 * keeps that from flapping); it may take Spark's {@code MemoryManager} lock but must not hold a lock of
 * its own while doing so (see the package doc's lock order). The task hooks run on task threads inside
 * {@code ExecutorPlugin.onTaskStart/onTaskSucceeded/onTaskFailed}: they must be quick and must not block
 * — the one exception is an admission action's {@code onTaskStart}, which may wait, bounded, on its own
 * lock before the task runs.
 */
public interface PressureAction extends AutoCloseable {

  /** Short camelCase name used in metrics ({@code control.<name>.*}), events and config keys. */
  String name();

  /**
   * Reacts to the level now in force.
   *
   * @return what changed, if anything; empty when the level needs nothing new from this action
   */
  Optional<ActionStep> onLevel(PressureLevel level, PressureSnapshot snapshot);

  /** The action's current state for its gauge, in the unit its doc names (bytes, a level ordinal, …). */
  long state();

  /**
   * Whether the controller should call {@link #onLevel} again with the same level when a task ends —
   * for an undo that could not finish because the memory it needs back was still in use.
   */
  default boolean wantsRetry() {
    return false;
  }

  /** On the task thread, after the task context is set. */
  default void onTaskStart(TaskContext task) {}

  /**
   * On the task thread, when the task succeeded or failed; {@code task} is the context its start hook got
   * (Spark has unset {@code TaskContext} by then, so do not call {@code TaskContext.get()} here).
   */
  default void onTaskEnd(TaskContext task) {}

  /** Releases what the action holds (registrations); called once when the executor plugin stops. */
  @Override
  default void close() {}
}

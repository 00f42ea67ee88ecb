package io.spillway.runtime.control;

import io.spillway.runtime.DaemonThreads;
import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.spillway.runtime.pressure.PressureChange;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureListener;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns pressure-level changes into {@link PressureAction}s, and reports each step as a metric and an
 * {@link ActionSink} report (a driver event on executors).
 *
 * <p>Why a separate action thread: the monitor calls listeners under its lock, on the JVM's GC
 * notification thread, and an action may evict blocks to disk under Spark's {@code MemoryManager} lock,
 * which a task thread can hold for a while. So {@link #onLevelChange} only hands the new level to a
 * single-thread executor; actions run there one level change at a time, in order. See the package doc
 * for the lock order.
 *
 * <p>Metrics per action: {@code control.<name>.activations} (counter of engaged steps) and
 * {@code control.<name>.state} (gauge, the action's {@link PressureAction#state()}).
 */
public final class PressureController implements PressureListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PressureController.class);

  /** Name of the action thread (visible in thread dumps). */
  static final String THREAD_NAME = "spillway-pressure-control";

  private final List<PressureAction> actions;
  private final List<Counter> activations = new ArrayList<>();
  private final ActionSink sink;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private volatile PressureSnapshot latest = PressureSnapshot.IDLE;
  /**
   * The task each task thread started, so that its end hooks can name it: Spark runs the plugin's
   * {@code onTaskSucceeded}/{@code onTaskFailed} on the task's thread but after {@code Task.run} has unset
   * {@code TaskContext}, so {@code TaskContext.get()} is null there. Set in {@link #onTaskStart}, cleared
   * in {@link #onTaskEnd}.
   */
  private final ThreadLocal<StartedTask> startedOnThread = new ThreadLocal<>();

  /** A task whose start hooks ran on this thread; {@code task} is null only where tests pass none. */
  private record StartedTask(TaskContext task) {}

  private PressureController(List<PressureAction> actions, ActionSink sink, MetricRegistry metrics,
      Executor executor, ExecutorService ownedExecutor) {
    this.actions = List.copyOf(actions);
    this.sink = Objects.requireNonNull(sink, "sink");
    this.executor = executor;
    this.ownedExecutor = ownedExecutor;
    for (PressureAction a : this.actions) {
      activations.add(metrics.counter("control." + a.name() + ".activations"));
      metrics.register("control." + a.name() + ".state", (Gauge<Long>) a::state);
    }
  }

  /** A controller running its actions on its own daemon thread; {@link #close()} stops it. */
  public static PressureController start(List<PressureAction> actions, ActionSink sink, MetricRegistry metrics) {
    ExecutorService es = Executors.newSingleThreadExecutor(DaemonThreads.named(THREAD_NAME));
    return new PressureController(actions, sink, metrics, es, es);
  }

  /**
   * A controller whose actions run on {@code executor}, which must run tasks one at a time in order;
   * for tests ({@code Runnable::run}: on the thread that reported the change). Not closed by {@link #close()}.
   */
  public static PressureController withExecutor(List<PressureAction> actions, ActionSink sink, MetricRegistry metrics,
      Executor executor) {
    return new PressureController(actions, sink, metrics, executor, null);
  }

  /** On the monitor's thread, under its lock: records the level and hands it to the action thread. */
  @Override
  public void onLevelChange(PressureChange change) {
    PressureSnapshot snapshot = new PressureSnapshot(change.to(), change.atNanos(), change.signals());
    latest = snapshot;
    submit(snapshot);
  }

  /** The level the controller last heard of. */
  public PressureLevel level() {
    return latest.level();
  }

  /**
   * Task-start hooks of every action, on the task thread. If this thread's previous task never reached
   * {@link #onTaskEnd} (Spark calls an end hook on every path after a start today; this keeps a missed one
   * from counting a task as running forever), its end hooks run first.
   */
  public void onTaskStart(TaskContext task) {
    StartedTask unfinished = startedOnThread.get();
    if (unfinished != null) {
      LOG.warn("Task {} on thread {} never reported its end; ending it before task {} starts",
          taskId(unfinished.task()), Thread.currentThread().getName(), taskId(task));
      endActions(unfinished.task());
    }
    startedOnThread.set(new StartedTask(task));
    for (PressureAction a : actions) {
      try {
        a.onTaskStart(task);
      } catch (RuntimeException e) {
        LOG.warn("Pressure action {} failed at start of task {}", a.name(), taskId(task), e);
      }
    }
  }

  /**
   * On the task thread, when the task whose start this thread reported ended either way: the actions'
   * end hooks get that task (see {@link #startedOnThread}). Nothing if no start was reported on this thread
   * (a task that failed before Spark ran the start hooks, e.g. one whose closure did not deserialize).
   */
  public void onTaskEnd() {
    StartedTask started = startedOnThread.get();
    if (started == null) {
      return;
    }
    startedOnThread.remove();
    endActions(started.task());
  }

  /**
   * Task-end hooks; then, if an action has an unfinished undo (memory it wants back was in use), asks the
   * action thread to apply the current level again now that a task freed memory.
   */
  private void endActions(TaskContext task) {
    boolean retry = false;
    for (PressureAction a : actions) {
      try {
        a.onTaskEnd(task);
        retry |= a.wantsRetry();
      } catch (RuntimeException e) {
        LOG.warn("Pressure action {} failed at end of task {}", a.name(), taskId(task), e);
      }
    }
    if (retry) {
      submit(latest);
    }
  }

  private void submit(PressureSnapshot snapshot) {
    try {
      executor.execute(() -> apply(snapshot));
    } catch (RejectedExecutionException e) {
      LOG.debug("Pressure controller is closed; level {} not applied", snapshot.level());
    }
  }

  /** On the action thread: every action sees the level; a failing action does not stop the others. */
  private void apply(PressureSnapshot snapshot) {
    for (int i = 0; i < actions.size(); i++) {
      PressureAction a = actions.get(i);
      Optional<ActionStep> step;
      try {
        step = a.onLevel(snapshot.level(), snapshot);
      } catch (RuntimeException e) {
        LOG.warn("Pressure action {} failed at level {}; other actions still applied", a.name(), snapshot.level(), e);
        continue;
      }
      if (step.isPresent()) {
        if (step.get().engaged()) {
          activations.get(i).inc();
        }
        sink.report(a.name(), snapshot.level(), step.get());
      }
    }
  }

  /**
   * Stops taking levels and closes every action. Not {@code shutdownNow}: interrupting an eviction that
   * is writing a block to disk would fail that write; a queued level may still run, harmlessly.
   */
  @Override
  public void close() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
    for (PressureAction a : actions) {
      try {
        a.close();
      } catch (RuntimeException e) {
        LOG.warn("Pressure action {} failed to close", a.name(), e);
      }
    }
  }

  private static String taskId(TaskContext task) {
    return task == null ? "?" : Long.toString(task.taskAttemptId());
  }
}

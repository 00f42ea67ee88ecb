package io.spillway.runtime.control;

import io.spillway.runtime.pressure.NanoClock;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At CRITICAL, holds a starting task back in {@code onTaskStart} — bounded by {@code maxWaitMillis} —
 * until pressure falls below CRITICAL or it would be the only task running, so that the tasks already
 * running can finish with the heap they have instead of a new one pushing the executor into an
 * {@code OutOfMemoryError}.
 *
 * <p>This is the one task hook that blocks, on purpose and only the starting task's own thread; it
 * holds no Spark lock while waiting (Spark calls {@code onTaskStart} before the task runs). It wakes on
 * {@link #onLevel} (pressure fell) and {@link #onTaskEnd} (another task finished). Not built: interrupting
 * the youngest running task when pressure stays critical (issue 3, admission, second half).
 *
 * <p>State gauge: tasks waiting now.
 */
public final class AdmissionGate implements PressureAction {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionGate.class);

  /** How a start went. */
  enum Admission { IMMEDIATE, AFTER_PRESSURE_FELL, AFTER_OTHERS_FINISHED, AFTER_MAX_WAIT, INTERRUPTED }

  private final long maxWaitNanos;
  private final NanoClock clock;
  private final Object lock = new Object();
  private PressureLevel level = PressureLevel.NORMAL;
  private int running;
  private int waiting;

  public AdmissionGate(long maxWaitMillis, NanoClock clock) {
    if (maxWaitMillis < 0) {
      throw new IllegalArgumentException("maxWaitMillis must be non-negative but was " + maxWaitMillis);
    }
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    this.clock = clock;
  }

  @Override
  public String name() {
    return "admission";
  }

  @Override
  public Optional<ActionStep> onLevel(PressureLevel next, PressureSnapshot snapshot) {
    PressureLevel before;
    synchronized (lock) {
      before = level;
      level = next;
      lock.notifyAll();
    }
    boolean critical = next.atLeast(PressureLevel.CRITICAL);
    if (critical == before.atLeast(PressureLevel.CRITICAL)) {
      return Optional.empty();
    }
    return Optional.of(critical
        ? ActionStep.engaged("tasks starting now wait up to " + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos)
            + " ms while other tasks run")
        : ActionStep.undone("tasks start without waiting"));
  }

  @Override
  public void onTaskStart(TaskContext task) {
    long startNanos = clock.nanoTime();
    Admission how = admit();
    if (how != Admission.IMMEDIATE) {
      LOG.info("Spillway held task {} for {} ms at CRITICAL heap pressure ({})", task == null ? "?" : task.taskAttemptId(),
          TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - startNanos), how);
    }
  }

  /** Waits as the class doc says, then counts the task as running. */
  Admission admit() {
    synchronized (lock) {
      Admission how = Admission.IMMEDIATE;
      long deadline = clock.nanoTime() + maxWaitNanos;
      waiting++;
      try {
        while (level.atLeast(PressureLevel.CRITICAL) && running > 0) {
          long left = deadline - clock.nanoTime();
          if (left <= 0) {
            how = Admission.AFTER_MAX_WAIT;
            break;
          }
          how = Admission.AFTER_OTHERS_FINISHED;
          if (!waitNanos(left)) {
            how = Admission.INTERRUPTED;
            break;
          }
        }
        if (how == Admission.AFTER_OTHERS_FINISHED && level.compareTo(PressureLevel.CRITICAL) < 0) {
          how = Admission.AFTER_PRESSURE_FELL;
        }
      } finally {
        waiting--;
        running++;
      }
      return how;
    }
  }

  /** Waits on the lock; false if interrupted (a killed task: stop holding it, keep the flag for Spark). */
  private boolean waitNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(lock, nanos);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void onTaskEnd(TaskContext task) {
    synchronized (lock) {
      running = Math.max(0, running - 1);
      lock.notifyAll();
    }
  }

  /** Tasks waiting now. */
  @Override
  public long state() {
    synchronized (lock) {
      return waiting;
    }
  }

  int running() {
    synchronized (lock) {
      return running;
    }
  }
}

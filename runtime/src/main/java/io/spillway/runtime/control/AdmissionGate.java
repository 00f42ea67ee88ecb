package io.spillway.runtime.control;

import io.spillway.runtime.compat.TaskContextCompat;
import io.spillway.runtime.pressure.NanoClock;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * {@link #onLevel} (pressure fell) and {@link #onTaskEnd} (another task finished).
 *
 * <p>Eviction: if CRITICAL lasts {@link Eviction#afterMillis()} with two or more tasks running, the
 * youngest running task is interrupted ({@code TaskContext.markInterrupted}: its interruptible iterators
 * throw {@code TaskKilledException}, Spark reports the task KILLED, which does not count towards
 * {@code spark.task.maxFailures}, and reschedules it). Never the only running task, never the same
 * partition of a stage more than {@link Eviction#maxPerPartition()} times; checked again every
 * {@code afterMillis} while CRITICAL lasts, so tasks go one at a time down to one. Youngest because it
 * has done the least work and, started last, is the likeliest to have tipped the heap over. Each
 * interruption is reported to the driver like any action step.
 *
 * <p>State gauge: tasks waiting now.
 */
public final class AdmissionGate implements PressureAction {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionGate.class);

  /** How a start went. */
  enum Admission { IMMEDIATE, AFTER_PRESSURE_FELL, AFTER_OTHERS_FINISHED, AFTER_MAX_WAIT, INTERRUPTED }

  /** Runs a check later, on a thread of its own; production uses one daemon scheduler thread. */
  @FunctionalInterface
  public interface Ticker {
    void schedule(Runnable check, long delayNanos);
  }

  /**
   * When running tasks are interrupted under lasting CRITICAL pressure.
   *
   * @param afterMillis how long CRITICAL must last first (0: never interrupt)
   * @param maxPerPartition interruptions of one stage partition at most
   * @param ticker schedules the checks
   * @param sink where each interruption is reported
   */
  public record Eviction(long afterMillis, int maxPerPartition, Ticker ticker, ActionSink sink) {
    /** Never interrupts. */
    public static final Eviction OFF = new Eviction(0L, 0, (check, delay) -> { }, (a, l, s) -> { });

    public Eviction {
      if (afterMillis < 0 || maxPerPartition < 0) {
        throw new IllegalArgumentException("afterMillis and maxPerPartition must be non-negative but were "
            + afterMillis + " and " + maxPerPartition);
      }
    }

    boolean on() {
      return afterMillis > 0 && maxPerPartition > 0;
    }
  }

  private final long maxWaitNanos;
  private final NanoClock clock;
  private final Eviction eviction;
  private final Object lock = new Object();
  private PressureLevel level = PressureLevel.NORMAL;
  private int running;
  private int waiting;
  /** Running tasks by attempt id, oldest start first. Guarded by lock. */
  private final LinkedHashMap<Long, TaskContext> runningTasks = new LinkedHashMap<>();
  /** Interruptions per "stage.partition". Guarded by lock. */
  private final Map<String, Integer> interruptions = new HashMap<>();
  /** Bumped on every entry into and exit from CRITICAL, so checks of an earlier episode do nothing. */
  private long criticalEpisode;
  private long criticalSinceNanos;
  private final AtomicLong interrupted = new AtomicLong();

  public AdmissionGate(long maxWaitMillis, NanoClock clock) {
    this(maxWaitMillis, clock, Eviction.OFF);
  }

  public AdmissionGate(long maxWaitMillis, NanoClock clock, Eviction eviction) {
    if (maxWaitMillis < 0) {
      throw new IllegalArgumentException("maxWaitMillis must be non-negative but was " + maxWaitMillis);
    }
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    this.clock = clock;
    this.eviction = eviction;
  }

  @Override
  public String name() {
    return "admission";
  }

  @Override
  public Optional<ActionStep> onLevel(PressureLevel next, PressureSnapshot snapshot) {
    PressureLevel before;
    boolean critical = next.atLeast(PressureLevel.CRITICAL);
    long episode;
    synchronized (lock) {
      before = level;
      level = next;
      if (critical != before.atLeast(PressureLevel.CRITICAL)) {
        criticalEpisode++;
        criticalSinceNanos = clock.nanoTime();
      }
      episode = criticalEpisode;
      lock.notifyAll();
    }
    if (critical == before.atLeast(PressureLevel.CRITICAL)) {
      return Optional.empty();
    }
    if (critical && eviction.on()) {
      scheduleCheck(episode);
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
    if (task != null) {
      synchronized (lock) {
        runningTasks.put(task.taskAttemptId(), task);
      }
    }
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
      if (task != null) {
        runningTasks.remove(task.taskAttemptId());
      }
      running = Math.max(0, running - 1);
      lock.notifyAll();
    }
  }

  private void scheduleCheck(long episode) {
    eviction.ticker().schedule(() -> check(episode), TimeUnit.MILLISECONDS.toNanos(eviction.afterMillis()));
  }

  /**
   * On the ticker's thread: if the CRITICAL episode that scheduled it lasts and two or more tasks run,
   * interrupts the youngest one not yet interrupted too often; then checks again later.
   */
  void check(long episode) {
    TaskContext victim = null;
    int runningNow;
    long criticalMillis;
    synchronized (lock) {
      if (episode != criticalEpisode || !level.atLeast(PressureLevel.CRITICAL)) {
        return;
      }
      // tasks already told to stop may still be running: they do not count, or the last one could go too
      runningNow = (int) runningTasks.values().stream().filter(t -> !t.isInterrupted()).count();
      criticalMillis = TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - criticalSinceNanos);
      if (runningNow >= 2) {
        List<TaskContext> youngestFirst = new ArrayList<>(runningTasks.values());
        Collections.reverse(youngestFirst);
        for (TaskContext t : youngestFirst) {
          String partition = t.stageId() + "." + t.partitionId();
          if (!t.isInterrupted() && interruptions.getOrDefault(partition, 0) < eviction.maxPerPartition()) {
            interruptions.merge(partition, 1, Integer::sum);
            victim = t;
            break;
          }
        }
      }
    }
    if (victim != null) {
      String why = "Spillway: executor heap pressure CRITICAL for " + criticalMillis + " ms with " + runningNow
          + " tasks running; the youngest is stopped so Spark reschedules it";
      TaskContextCompat.markInterrupted(victim, why);
      interrupted.incrementAndGet();
      LOG.warn("Interrupting task {} (stage {}.{}, partition {}): {}", victim.taskAttemptId(), victim.stageId(),
          victim.stageAttemptNumber(), victim.partitionId(), why);
      eviction.sink().report(name(), PressureLevel.CRITICAL, ActionStep.engaged("interrupted task "
          + victim.taskAttemptId() + " (stage " + victim.stageId() + "." + victim.stageAttemptNumber() + ", partition "
          + victim.partitionId() + "), the youngest of " + runningNow + " running, after " + criticalMillis
          + " ms at CRITICAL; Spark reschedules it"));
    }
    scheduleCheck(episode);
  }

  /** Stops the ticker's thread if it has one. */
  @Override
  public void close() {
    if (eviction.ticker() instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.debug("Admission ticker failed to close", e);
      }
    }
  }

  /** Tasks interrupted so far (metric {@code control.admission.interruptions}). */
  public long interruptions() {
    return interrupted.get();
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

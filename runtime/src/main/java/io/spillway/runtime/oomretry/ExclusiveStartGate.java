package io.spillway.runtime.oomretry;

import io.spillway.runtime.pressure.NanoClock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Lets a task run alone on its executor: the start of every task passes here (on its own thread, in the
 * executor plugin's {@code onTaskStart}), and its end leaves here.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>An <em>alone</em> task (a retry of a partition that ran out of memory) queues behind other alone
 *       tasks, first come first served, and becomes the <em>owner</em> when none is ahead of it. From then
 *       on no task starts beside it until it ends. As owner it waits until the tasks already running have
 *       ended, at most {@code maxWaitAloneNanos}; then it runs, alone or not.</li>
 *   <li>A <em>shared</em> task (any other) starts at once unless an owner exists or alone tasks are queued;
 *       then it is held until both are gone.</li>
 *   <li>An <em>unheld</em> task (of a barrier stage) starts at once, always; it counts as running, so an
 *       owner waits for it like for any other (bounded). Holding it could stall its stage's barrier for as
 *       long as the owner runs, while every other task of the stage waits at the barrier.</li>
 *   <li>A waiting task whose kill flag is set (a speculative copy won, the job was cancelled) stops waiting
 *       and starts, so that Spark's kill check ends it at once; its end leaves the gate as usual.</li>
 * </ul>
 *
 * <h2>Why it never deadlocks</h2>
 * An owner's own wait is bounded, and held or queued tasks do not count as running, so an owner never waits
 * for a task that waits for it. After its bounded wait an owner runs user code that needs nothing from
 * the tasks held behind it (barrier tasks, the one kind that waits for its stage's other tasks, are never
 * held), so it ends; its end makes the next queued alone task the owner, and when none is left the held
 * tasks start. So with every slot holding an alone task they run one after the other.
 *
 * <p>What it costs a task that is not an alone task while none is around: one uncontended lock, a set add
 * at start and a set remove at end. Thread-safe; waits release the lock and re-check the kill flag every
 * {@code killCheckNanos}.
 */
public final class ExclusiveStartGate {

  /** How a shared task started: after how long it was held for an alone task (0 when not held). */
  public record SharedStart(long heldNanos) {}

  /**
   * How an alone task started.
   *
   * @param queuedNanos     waiting behind other alone tasks before it became the owner
   * @param waitedNanos     waiting as owner for the tasks already running to end
   * @param runningAtOwnership tasks running when it became the owner
   * @param startedAlone    whether none was running when it started (false: the bounded wait ran out)
   * @param killed          whether it stopped waiting because it was killed
   */
  public record AloneStart(long queuedNanos, long waitedNanos, int runningAtOwnership, boolean startedAlone,
      boolean killed) {}

  /**
   * An owner's run, reported when it ends.
   *
   * @param heldTasks  tasks held from starting while it owned the executor
   * @param heldNanos  their time held during its ownership, summed
   * @param ownedNanos from becoming the owner to its end
   */
  public record AloneRun(int heldTasks, long heldNanos, long ownedNanos) {}

  private final long maxWaitAloneNanos;
  private final long killCheckNanos;
  private final NanoClock clock;
  private final Object lock = new Object();

  /** Tasks admitted and not yet ended, by task attempt id. Guarded by lock. */
  private final Set<Long> running = new HashSet<>();
  /** Alone tasks waiting to become the owner, first come first. Guarded by lock. */
  private final ArrayDeque<Long> queue = new ArrayDeque<>();
  /** Shared tasks held now: task id → when it began to be held. Guarded by lock. */
  private final Map<Long, Long> heldSince = new HashMap<>();
  /** The owner's task id, or null. Guarded by lock. */
  private Long owner;
  private long ownerSinceNanos;
  private int ownerHeldTasks;
  private long ownerHeldNanos;

  /**
   * @param maxWaitAloneNanos longest an owner waits for running tasks to end before it runs anyway
   * @param killCheckNanos    how often a waiting task looks at its kill flag
   * @param clock             the time source of the bound and of the reported waits
   */
  public ExclusiveStartGate(long maxWaitAloneNanos, long killCheckNanos, NanoClock clock) {
    if (maxWaitAloneNanos < 0 || killCheckNanos <= 0) {
      throw new IllegalArgumentException("maxWaitAloneNanos must be >= 0 and killCheckNanos > 0 but were "
          + maxWaitAloneNanos + " and " + killCheckNanos);
    }
    this.maxWaitAloneNanos = maxWaitAloneNanos;
    this.killCheckNanos = killCheckNanos;
    this.clock = clock;
  }

  /** A task that is not an alone task starts: at once, or once no alone task owns or waits. */
  public SharedStart enterShared(long taskId, BooleanSupplier killed) {
    synchronized (lock) {
      if (owner == null && queue.isEmpty()) {
        running.add(taskId);
        return new SharedStart(0);
      }
      long since = clock.nanoTime();
      heldSince.put(taskId, since);
      try {
        while ((owner != null || !queue.isEmpty()) && !stopped(killed)) {
          waitSlice(killCheckNanos);
        }
      } finally {
        if (heldSince.remove(taskId) != null && owner != null) {
          chargeHeld(since, clock.nanoTime());
        }
        running.add(taskId);
      }
      return new SharedStart(clock.nanoTime() - since);
    }
  }

  /** A barrier task starts: never held, counted as running. */
  public void enterUnheld(long taskId) {
    synchronized (lock) {
      running.add(taskId);
    }
  }

  /** An alone task starts, as the class doc says. */
  public AloneStart enterAlone(long taskId, BooleanSupplier killed) {
    synchronized (lock) {
      long arrived = clock.nanoTime();
      queue.addLast(taskId);
      promote(arrived);
      try {
        while (!Long.valueOf(taskId).equals(owner) && !stopped(killed)) {
          waitSlice(killCheckNanos);
        }
        if (!Long.valueOf(taskId).equals(owner)) {
          queue.remove(taskId);
          lock.notifyAll();
          return new AloneStart(clock.nanoTime() - arrived, 0, running.size(), running.isEmpty(), true);
        }
        long owned = ownerSinceNanos;
        int runningThen = running.size();
        long deadline = owned + maxWaitAloneNanos;
        boolean wasKilled = false;
        while (!running.isEmpty()) {
          long left = deadline - clock.nanoTime();
          wasKilled = stopped(killed);
          if (left <= 0 || wasKilled) {
            break;
          }
          waitSlice(Math.min(left, killCheckNanos));
        }
        return new AloneStart(owned - arrived, clock.nanoTime() - owned, runningThen, running.isEmpty(), wasKilled);
      } finally {
        running.add(taskId);
      }
    }
  }

  /**
   * A task ended (whichever way it entered). If it was the owner, the next queued alone task becomes the
   * owner (or, with none, held tasks start) and its run is returned.
   */
  public Optional<AloneRun> leave(long taskId) {
    synchronized (lock) {
      running.remove(taskId);
      Optional<AloneRun> run = Optional.empty();
      if (Long.valueOf(taskId).equals(owner)) {
        long now = clock.nanoTime();
        heldSince.values().forEach(since -> chargeHeld(since, now));
        run = Optional.of(new AloneRun(ownerHeldTasks, ownerHeldNanos, now - ownerSinceNanos));
        owner = null;
        promote(now);
      }
      lock.notifyAll();
      return run;
    }
  }

  /** Tasks held now, behind an owner or queued alone tasks. */
  public int held() {
    synchronized (lock) {
      return heldSince.size();
    }
  }

  /** Alone tasks queued or owning now. */
  public int aloneTasks() {
    synchronized (lock) {
      return queue.size() + (owner == null ? 0 : 1);
    }
  }

  /** Tasks running now (admitted, not ended). */
  public int running() {
    synchronized (lock) {
      return running.size();
    }
  }

  /** With no owner, the first queued alone task becomes it. Under lock. */
  private void promote(long now) {
    if (owner == null && !queue.isEmpty()) {
      owner = queue.pollFirst();
      ownerSinceNanos = now;
      ownerHeldTasks = 0;
      ownerHeldNanos = 0;
      lock.notifyAll();
    }
  }

  /** Charges the current owner with a task held from {@code since} (or its ownership) to {@code now}. Under lock. */
  private void chargeHeld(long since, long now) {
    ownerHeldTasks++;
    ownerHeldNanos += Math.max(0, now - Math.max(since, ownerSinceNanos));
  }

  /** Whether a waiting task should stop waiting: killed, or its thread interrupted (a kill that interrupts). */
  private static boolean stopped(BooleanSupplier killed) {
    return killed.getAsBoolean() || Thread.currentThread().isInterrupted();
  }

  /** Waits on the lock; an interrupt (a kill with interruption) is kept for Spark and ends the slice. */
  private void waitSlice(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(lock, Math.max(1, nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

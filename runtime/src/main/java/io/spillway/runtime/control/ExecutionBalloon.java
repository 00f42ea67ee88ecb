package io.spillway.runtime.control;

import io.spillway.runtime.compat.TaskContextCompat;
import io.spillway.runtime.pressure.NanoClock;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.spark.TaskContext;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Gives each task running at HIGH or above a {@link BalloonConsumer}, so that its sorters and maps spill
 * earlier (and an {@code ExternalAppendOnlyMap} being filled spills at once), and releases it when its task
 * ends (or, without {@code keepUntilTaskEnd}, when pressure falls below HIGH; see Release).
 *
 * <p>Sizing: a task's share is {@code unified execution+storage memory / task slots}; the balloon takes
 * {@link #HIGH_SHARE_RATIO} of it at HIGH and {@link #CRITICAL_SHARE_RATIO} at CRITICAL, or the task's
 * slice of the heap Spark does not account for if that is more (see {@link #balloonBytes(PressureLevel,
 * long, long, int, long)}), but never so much that less than {@code taskFloorBytes} of the share is left
 * for the task's own consumers.
 *
 * <p>Release: with {@code keepUntilTaskEnd} (the default) a running task keeps its balloon when the level
 * falls, until it ends — its data has not shrunk, only its last spill made room; tasks starting after
 * the fall get none. Without it, every balloon is released as soon as the level drops below HIGH.
 *
 * <p>When, and on which thread: inflating makes {@code TaskMemoryManager} call {@code spill} on the
 * task's other consumers, which Spark expects from the task's own thread. So a balloon is inflated (a)
 * when a task starts at HIGH+ ({@link #onTaskStart}) and (b) at a {@link TaskCheckpoint} — between two
 * records of Spillway's shuffle reader or writer — of a task already running when pressure rises or
 * climbs to CRITICAL, topped up to the level's size at most every {@link #TOP_UP_INTERVAL_NANOS}. With
 * nothing free in the pool, (b) is a forced spill: {@code TaskMemoryManager} spills the task's largest
 * spillable consumer to make room. Releasing needs no such care and happens on the action thread.
 *
 * <p>Limits (see docs/pressure-control.md): a Spark consumer still filling its buffer cannot be forced to
 * spill by another consumer ({@code Spillable.forceSpill} and {@code UnsafeExternalSorter.spill} act only
 * once their iterator exists), so the balloon works by shrinking the budget they ask against; a consumer
 * that needs more than the floor for one record fails with Spark's {@code SparkOutOfMemoryError} where
 * stock Spark might not have. State gauge: bytes held by live balloons.
 */
public final class ExecutionBalloon implements PressureAction, TaskCheckpoint {

  /** Share of a task's execution memory a balloon takes at HIGH. */
  public static final double HIGH_SHARE_RATIO = 0.25;
  /** Share of a task's execution memory a balloon takes at CRITICAL. */
  public static final double CRITICAL_SHARE_RATIO = 0.5;
  /**
   * Least time between two top-ups of one task's balloon at checkpoints: an attempt takes the memory
   * manager's lock and may spill, so it is not repeated per record while the pool has nothing free.
   */
  public static final long TOP_UP_INTERVAL_NANOS = 50_000_000L;

  /** A heap view that sees nothing beyond Spark's accounting (balloons sized by level only). */
  static final UnmanagedHeapReporter.HeapView NO_HEAP_VIEW = new UnmanagedHeapReporter.HeapView() {
    @Override
    public long oldGenUsedAfterGcBytes() {
      return 0L;
    }

    @Override
    public long sparkOnHeapUsedBytes() {
      return 0L;
    }
  };

  private final LongSupplier unifiedMemoryBytes;
  private final int taskSlots;
  private final long taskFloorBytes;
  private final boolean keepUntilTaskEnd;
  private final UnmanagedHeapReporter.HeapView heap;
  private final NanoClock clock;
  private final Map<Long, BalloonConsumer> live = new ConcurrentHashMap<>();
  private volatile PressureLevel level = PressureLevel.NORMAL;

  /**
   * What sizes a balloon and when it goes.
   *
   * @param taskSlots how many tasks run at once on this executor (cores / task cpus), at least 1
   * @param taskFloorBytes execution memory a ballooned task always keeps
   * @param keepUntilTaskEnd a running task keeps its balloon when pressure falls (released at its end)
   */
  public record Policy(int taskSlots, long taskFloorBytes, boolean keepUntilTaskEnd) {
    public Policy {
      if (taskSlots < 1 || taskFloorBytes < 0) {
        throw new IllegalArgumentException("taskSlots must be at least 1 and taskFloorBytes non-negative but were "
            + taskSlots + " and " + taskFloorBytes);
      }
    }
  }

  /**
   * @param unifiedMemoryBytes the on-heap execution plus storage pool sizes (Spark's unified memory), 0 if unknown
   * @param heap the live old generation and what Spark accounts for, to size balloons by what Spark misses
   * @param policy slots, floor and release rule
   * @param clock paces checkpoint top-ups
   */
  public ExecutionBalloon(LongSupplier unifiedMemoryBytes, UnmanagedHeapReporter.HeapView heap, Policy policy,
      NanoClock clock) {
    this.unifiedMemoryBytes = unifiedMemoryBytes;
    this.heap = heap;
    this.taskSlots = policy.taskSlots();
    this.taskFloorBytes = policy.taskFloorBytes();
    this.keepUntilTaskEnd = policy.keepUntilTaskEnd();
    this.clock = clock;
  }

  @Override
  public String name() {
    return "executionBalloon";
  }

  /** The balloon for a task at {@code level}: ratio × share, leaving at least the floor; 0 below HIGH. */
  static long balloonBytes(PressureLevel level, long unifiedBytes, int taskSlots, long taskFloorBytes) {
    return balloonBytes(level, unifiedBytes, 0L, taskSlots, taskFloorBytes);
  }

  /**
   * The balloon for a task at {@code level}: the larger of ratio × share and the task's slice of the heap
   * Spark does not account for ({@code unaccountedBytes / taskSlots}), leaving at least the floor; 0 below
   * HIGH. Why the second term: when the live heap after GC is larger than Spark's accounting by U bytes
   * (user objects, size estimates below the real footprint — e.g. G1 humongous regions around large
   * arrays), every budget Spark grants overstates the room by U, and a fixed ratio cannot know by how much.
   */
  static long balloonBytes(PressureLevel level, long unifiedBytes, long unaccountedBytes, int taskSlots,
      long taskFloorBytes) {
    double ratio = level.atLeast(PressureLevel.CRITICAL) ? CRITICAL_SHARE_RATIO
        : level.atLeast(PressureLevel.HIGH) ? HIGH_SHARE_RATIO : 0.0;
    if (ratio == 0.0) {
      return 0L;
    }
    long share = unifiedBytes / taskSlots;
    long wanted = Math.max((long) (share * ratio), Math.max(0L, unaccountedBytes) / taskSlots);
    return Math.max(0L, Math.min(wanted, share - taskFloorBytes));
  }

  /** This task's balloon size now, from the level, the pools and the heap Spark does not see. */
  private long targetBytes() {
    // Balloons are execution memory Spark counts but the heap does not hold: add them back.
    long unaccounted = heap.oldGenUsedAfterGcBytes() - (heap.sparkOnHeapUsedBytes() - state());
    return balloonBytes(level, unifiedMemoryBytes.getAsLong(), unaccounted, taskSlots, taskFloorBytes);
  }

  @Override
  public Optional<ActionStep> onLevel(PressureLevel next, PressureSnapshot snapshot) {
    PressureLevel before = level;
    level = next;
    boolean on = next.atLeast(PressureLevel.HIGH);
    if (on && next != before) {
      return Optional.of(ActionStep.engaged("each task reserves (at start or at its next shuffle record) "
          + Bytes.mib(targetBytes()) + " of execution memory"));
    }
    if (!on && before.atLeast(PressureLevel.HIGH) && keepUntilTaskEnd) {
      return Optional.of(ActionStep.undone("tasks starting now get no balloon; " + live.size()
          + " running tasks keep theirs (" + Bytes.mib(state()) + ") until they end"));
    }
    if (!on && before.atLeast(PressureLevel.HIGH)) {
      long released = 0;
      int balloons = 0;
      for (BalloonConsumer b : live.values()) {
        released += b.release();
        balloons++;
      }
      return Optional.of(ActionStep.undone("released " + Bytes.mib(released) + " from " + balloons + " task balloons"));
    }
    return Optional.empty();
  }

  @Override
  public void onTaskStart(TaskContext task) {
    if (task == null || !level.atLeast(PressureLevel.HIGH)) {
      return;
    }
    topUp(balloonOf(task));
  }

  /**
   * At HIGH+, inflates the calling task's balloon to the level's size if it is short, at most every
   * {@link #TOP_UP_INTERVAL_NANOS}; below HIGH, one volatile read. Task thread only.
   */
  @Override
  public void onRecord(TaskContext task) {
    if (!level.atLeast(PressureLevel.HIGH) || task == null) {
      return;
    }
    BalloonConsumer balloon = live.get(task.taskAttemptId());
    if (balloon != null && clock.nanoTime() - balloon.lastTopUpNanos() < TOP_UP_INTERVAL_NANOS) {
      return;
    }
    topUp(balloon != null ? balloon : balloonOf(task));
  }

  /** The task's balloon, created (and released at task end by a completion listener) if it has none. */
  private BalloonConsumer balloonOf(TaskContext task) {
    long attempt = task.taskAttemptId();
    BalloonConsumer existing = live.get(attempt);
    if (existing != null) {
      return existing;
    }
    BalloonConsumer balloon = register(attempt, TaskContextCompat.taskMemoryManager(task));
    task.addTaskCompletionListener((TaskCompletionListener) ctx -> taskCompleted(attempt));
    return balloon;
  }

  /** A new, empty balloon for the task, known to the action thread from now on. */
  private BalloonConsumer register(long taskAttemptId, TaskMemoryManager tmm) {
    BalloonConsumer balloon = new BalloonConsumer(tmm, this::balloonsHold);
    live.put(taskAttemptId, balloon);
    return balloon;
  }

  /** Inflates {@code balloon} up to the current level's size; returns the bytes newly granted. Task thread. */
  private long topUp(BalloonConsumer balloon) {
    balloon.markTopUp(clock.nanoTime());
    long missing = targetBytes() - balloon.reservedBytes();
    long granted = missing > 0 ? balloon.inflate(missing) : 0L;
    if (!keepUntilTaskEnd && !level.atLeast(PressureLevel.HIGH)) {
      balloon.release(); // pressure fell while inflating: the action thread may have missed this balloon
    }
    return granted;
  }

  /** Whether a balloon must keep its bytes when a consumer of its task asks for them. */
  private boolean balloonsHold() {
    return keepUntilTaskEnd || level.atLeast(PressureLevel.HIGH);
  }

  /** Inflates a balloon for the task; the caller arranges {@link #taskCompleted} at task end. Task thread. */
  long startBalloon(long taskAttemptId, TaskMemoryManager tmm) {
    return targetBytes() <= 0 ? 0L : topUp(register(taskAttemptId, tmm));
  }

  /** Releases the task's balloon before Spark checks the task for leaked execution memory. */
  void taskCompleted(long taskAttemptId) {
    BalloonConsumer b = live.remove(taskAttemptId);
    if (b != null) {
      b.release();
    }
  }

  /** Bytes held by live balloons. */
  @Override
  public long state() {
    long sum = 0;
    for (BalloonConsumer b : live.values()) {
      sum += b.reservedBytes();
    }
    return sum;
  }

  @Override
  public void close() {
    for (BalloonConsumer b : live.values()) {
      b.release();
    }
  }
}

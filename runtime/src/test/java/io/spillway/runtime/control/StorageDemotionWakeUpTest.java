package io.spillway.runtime.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.compat.MemoryPools;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.memory.MemoryMode;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: memory that storage demotion hands to execution must reach a task already waiting for it.
 *
 * <p>A task that has less than its 1/2N minimum of the execution pool waits in
 * {@code ExecutionMemoryPool.acquireMemory} on the memory manager's monitor; Spark wakes it only when a
 * task releases memory or a task starts. While storage is full within its region, the waiting task
 * cannot reclaim it itself, so the bytes demotion moves to execution are exactly what it waits for: the
 * move must {@code notifyAll} the manager, or the task sleeps until some other task happens to release.
 */
class StorageDemotionWakeUpTest {

  private static final long TASK_1 = 1L;
  private static final long TASK_2 = 2L;
  /** Far above the few milliseconds a woken task needs; a task left asleep never returns on its own. */
  private static final long WAKE_UP_TIMEOUT_SECONDS = 10;

  private final UnifiedMemoryManager mm = new UnifiedMemoryManager(new SparkConf(false), 1000, 500, 1);
  private final FakeMemoryStore store = new FakeMemoryStore(mm);
  private final StorageDemotion demotion = new StorageDemotion(() -> Optional.of(MemoryPools.of(mm)), 0.5, 0.0);
  private Thread waiter;

  @AfterEach
  void releaseEverything() throws InterruptedException {
    mm.releaseAllExecutionMemoryForTask(TASK_1); // wakes the waiter if the test failed
    if (waiter != null) {
      waiter.join(TimeUnit.SECONDS.toMillis(WAKE_UP_TIMEOUT_SECONDS));
    }
    mm.releaseAllExecutionMemoryForTask(TASK_2);
  }

  @Test
  void onLevel_highWhileATaskWaitsForItsMinimumShare_wakesTheTask() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(store.cache(i, 100)).isTrue(); // storage full, within its 500-byte region
    }
    assertThat(mm.acquireExecutionMemory(500, TASK_1, MemoryMode.ON_HEAP)).isEqualTo(500);
    CompletableFuture<Long> granted = new CompletableFuture<>();
    waiter = new Thread(() -> granted.complete(mm.acquireExecutionMemory(100, TASK_2, MemoryMode.ON_HEAP)),
        "task-2-waiting-for-its-share");
    waiter.start();
    awaitWaiting(waiter); // 0 of its 125-byte minimum (500 / 2·2), nothing free, nothing reclaimable

    Optional<ActionStep> step = demotion.onLevel(PressureLevel.HIGH, PressureSnapshot.IDLE);

    assertThat(step).get().extracting(ActionStep::engaged).isEqualTo(true);
    assertThat(granted.get(WAKE_UP_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(100);
  }

  /** Until the thread parks in {@code Object.wait} on the manager (a state, not a guess at a duration). */
  private static void awaitWaiting(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAKE_UP_TIMEOUT_SECONDS);
    while (t.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime()).as("thread %s never started waiting; state %s", t.getName(), t.getState())
          .isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}

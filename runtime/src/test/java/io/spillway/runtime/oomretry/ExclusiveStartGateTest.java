package io.spillway.runtime.oomretry;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.pressure.NanoClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gate's rules with real task threads: an alone task waits for running tasks (bounded), holds every later
 * start until it ends, alone tasks run one after another even when they fill every slot, barrier tasks pass,
 * killed tasks stop waiting. Time is a clock the test sets; threads only wait on the gate.
 */
class ExclusiveStartGateTest {

  private static final long MAX_WAIT_MILLIS = 60_000;
  private static final BooleanSupplier NOT_KILLED = () -> false;

  /** A clock the test moves, visible to the task threads. */
  private final AtomicLong nowNanos = new AtomicLong();
  private final NanoClock clock = nowNanos::get;
  private final ExclusiveStartGate gate = new ExclusiveStartGate(TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS),
      TimeUnit.MILLISECONDS.toNanos(5), clock);
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private <T> CompletableFuture<T> onTaskThread(Supplier<T> start) {
    return CompletableFuture.supplyAsync(start, threads);
  }

  private void advanceMillis(long millis) {
    nowNanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /** Waits (briefly) until {@code condition} holds, as task threads reach the gate. */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not reached in 10 s").isLessThan(deadline);
      Thread.sleep(2);
    }
  }

  @Test
  void enterShared_noAloneTask_startsAtOnceAndIsCounted() {
    assertThat(gate.enterShared(1, NOT_KILLED).heldNanos()).isZero();
    assertThat(gate.running()).isEqualTo(1);
    assertThat(gate.leave(1)).isEmpty();
    assertThat(gate.running()).isZero();
  }

  @Test
  void enterAlone_tasksRunning_waitsUntilTheyEndThenStartsAlone() throws Exception {
    gate.enterShared(1, NOT_KILLED);
    gate.enterShared(2, NOT_KILLED);

    CompletableFuture<ExclusiveStartGate.AloneStart> alone = onTaskThread(() -> gate.enterAlone(3, NOT_KILLED));
    await(() -> gate.aloneTasks() == 1);
    advanceMillis(700);
    gate.leave(1);
    Thread.sleep(50);
    assertThat(alone).as("one task still runs").isNotDone();
    advanceMillis(300);
    gate.leave(2);

    ExclusiveStartGate.AloneStart s = alone.get(10, TimeUnit.SECONDS);
    assertThat(s.startedAlone()).isTrue();
    assertThat(s.runningAtOwnership()).isEqualTo(2);
    assertThat(s.waitedNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_000));
    assertThat(s.killed()).isFalse();
    assertThat(gate.running()).isEqualTo(1);
  }

  @Test
  void enterShared_whileAnAloneTaskRuns_isHeldUntilItEnds() throws Exception {
    gate.enterAlone(1, NOT_KILLED);

    CompletableFuture<ExclusiveStartGate.SharedStart> shared = onTaskThread(() -> gate.enterShared(2, NOT_KILLED));
    await(() -> gate.held() == 1);
    advanceMillis(4_000);
    Thread.sleep(50);
    assertThat(shared).as("nothing starts beside an alone task").isNotDone();

    ExclusiveStartGate.AloneRun run = gate.leave(1).orElseThrow();

    assertThat(shared.get(10, TimeUnit.SECONDS).heldNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(4_000));
    assertThat(run.heldTasks()).isEqualTo(1);
    assertThat(run.heldNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(4_000));
    assertThat(run.ownedNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(4_000));
    assertThat(gate.running()).isEqualTo(1);
  }

  @Test
  void enterAlone_runningTaskOutlastsTheBound_startsBesideItAndStillHoldsLaterStarts() throws Exception {
    gate.enterShared(1, NOT_KILLED);

    CompletableFuture<ExclusiveStartGate.AloneStart> alone = onTaskThread(() -> gate.enterAlone(2, NOT_KILLED));
    await(() -> gate.aloneTasks() == 1);
    advanceMillis(MAX_WAIT_MILLIS - 1);
    Thread.sleep(50);
    assertThat(alone).isNotDone();
    advanceMillis(1);

    ExclusiveStartGate.AloneStart s = alone.get(10, TimeUnit.SECONDS);
    assertThat(s.startedAlone()).isFalse();
    assertThat(s.waitedNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS));
    assertThat(gate.running()).isEqualTo(2);

    CompletableFuture<ExclusiveStartGate.SharedStart> later = onTaskThread(() -> gate.enterShared(3, NOT_KILLED));
    await(() -> gate.held() == 1);
    gate.leave(1);
    Thread.sleep(50);
    assertThat(later).as("held until the alone task ends, not until the other one does").isNotDone();
    gate.leave(2);
    later.get(10, TimeUnit.SECONDS);
  }

  @Test
  void enterAlone_everySlotHoldsAnAloneTask_theyRunOneAfterAnotherWithoutDeadlock() throws Exception {
    int slots = 4;
    AtomicInteger runningAlone = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    List<CompletableFuture<ExclusiveStartGate.AloneStart>> tasks = new ArrayList<>();
    for (int t = 0; t < slots; t++) {
      long id = t;
      tasks.add(onTaskThread(() -> {
        ExclusiveStartGate.AloneStart s = gate.enterAlone(id, NOT_KILLED);
        mostAtOnce.accumulateAndGet(runningAlone.incrementAndGet(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        runningAlone.decrementAndGet();
        gate.leave(id);
        return s;
      }));
    }

    for (CompletableFuture<ExclusiveStartGate.AloneStart> t : tasks) {
      assertThat(t.get(10, TimeUnit.SECONDS).startedAlone()).isTrue();
    }
    assertThat(mostAtOnce.get()).isEqualTo(1);
    assertThat(gate.aloneTasks()).isZero();
    assertThat(gate.running()).isZero();
  }

  @Test
  void enterUnheld_barrierTaskBesideAnAloneTask_startsAtOnceAndIsWaitedFor() throws Exception {
    gate.enterAlone(1, NOT_KILLED);

    gate.enterUnheld(2);

    assertThat(gate.running()).isEqualTo(2);
    CompletableFuture<ExclusiveStartGate.AloneStart> next = onTaskThread(() -> gate.enterAlone(3, NOT_KILLED));
    await(() -> gate.aloneTasks() == 2);
    gate.leave(1);
    Thread.sleep(50);
    assertThat(next).as("the barrier task still runs").isNotDone();
    gate.leave(2);
    assertThat(next.get(10, TimeUnit.SECONDS).runningAtOwnership()).isEqualTo(1);
  }

  @Test
  void enterShared_killedWhileHeld_stopsWaitingAndIsChargedToTheOwner() throws Exception {
    gate.enterAlone(1, NOT_KILLED);
    AtomicBoolean killed = new AtomicBoolean();
    CompletableFuture<ExclusiveStartGate.SharedStart> held = onTaskThread(() -> gate.enterShared(2, killed::get));
    await(() -> gate.held() == 1);
    advanceMillis(250);

    killed.set(true);

    assertThat(held.get(10, TimeUnit.SECONDS).heldNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
    gate.leave(2);
    ExclusiveStartGate.AloneRun run = gate.leave(1).orElseThrow();
    assertThat(run.heldTasks()).isEqualTo(1);
    assertThat(run.heldNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
  }

  @Test
  void enterAlone_killedWhileQueued_leavesTheQueueAndLaterStartsAreNotHeldForIt() throws Exception {
    gate.enterAlone(1, NOT_KILLED);
    AtomicBoolean killed = new AtomicBoolean();
    CompletableFuture<ExclusiveStartGate.AloneStart> queued = onTaskThread(() -> gate.enterAlone(2, killed::get));
    await(() -> gate.aloneTasks() == 2);

    killed.set(true);

    assertThat(queued.get(10, TimeUnit.SECONDS).killed()).isTrue();
    assertThat(gate.aloneTasks()).isEqualTo(1);
    gate.leave(2);
    gate.leave(1);
    assertThat(gate.enterShared(3, NOT_KILLED).heldNanos()).isZero();
  }
}

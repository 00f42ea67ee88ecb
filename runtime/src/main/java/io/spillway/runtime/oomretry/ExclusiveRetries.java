package io.spillway.runtime.oomretry;

import io.spillway.runtime.DaemonThreads;
import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.spillway.runtime.pressure.NanoClock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskFailedReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's end of "after an out-of-memory failure the retry runs alone": at each task start decides
 * whether the task runs alone, shared or unheld, passes it through the {@link ExclusiveStartGate}, and at the
 * end of a task that ran alone reports it to the driver ({@link ExclusiveRetryReport}).
 *
 * <p>Who asks the driver: only a task that is not the first attempt of its partition in the first attempt of
 * its stage ({@code attemptNumber > 0} or {@code stageAttemptNumber > 0}): a partition that ran out of memory
 * is retried as such an attempt (a later attempt of the same task set, or, after a lost executor took map
 * output with it, a task of a resubmitted stage attempt). A first attempt asks nothing, so a job with no
 * failed task sends no message; a speculative copy or a retry after another failure asks once
 * ({@code PluginContext.ask}, on its own thread, before it runs). If the driver has not yet seen the attempt
 * start (its listener bus is asynchronous) it asks again every {@value #ASK_AGAIN_MILLIS} ms, at most
 * {@value #ASK_PATIENCE_MILLIS} ms, then runs shared; a failed ask also runs shared (logged).
 *
 * <p>Barrier tasks are never held and never run alone: the gate's class doc says why.
 *
 * <p>When a task throws a JVM {@code OutOfMemoryError} (not Spark's {@code SparkOutOfMemoryError}) the executor
 * is about to exit: Spark reports the failure, then its uncaught-exception handler exits with code 52, and
 * meanwhile the scheduler hands the partition's retry to the freed slot of this exiting executor, which
 * rejects it (a second failure in milliseconds, a third…). So {@link #onTaskFailed} first tells the driver
 * ({@link ExecutorRunningOut}, asked on a thread started with this object, waited for at most
 * {@value #RUNNING_OUT_WAIT_MILLIS} ms), which records the attempt and takes the executor out of the
 * scheduler's offers before the failure is reported.
 *
 * <p>Why the task is remembered per thread: Spark unsets the task's {@code TaskContext} when the task's body
 * returns, before it calls the plugins' {@code onTaskSucceeded} / {@code onTaskFailed}, which run on the same
 * thread as {@code onTaskStart}.
 */
public final class ExclusiveRetries {

  private static final Logger LOG = LoggerFactory.getLogger(ExclusiveRetries.class);

  /** Pause between asks while the driver has not seen the attempt start yet. */
  static final long ASK_AGAIN_MILLIS = 20;
  /** Longest a start keeps asking before it runs shared. */
  static final long ASK_PATIENCE_MILLIS = 2_000;
  /** Longest an exiting executor's task thread waits for the driver to take it out of the offers. */
  static final long RUNNING_OUT_WAIT_MILLIS = 2_000;
  /** The class name of the JVM's own error: Spark ends the executor after a task throws it. */
  static final String JVM_OOM_CLASS = OutOfMemoryError.class.getName();

  /** {@code PluginContext.ask}. */
  @FunctionalInterface
  public interface DriverAsk {
    Object ask(Object message) throws Exception;
  }

  /** {@code PluginContext.send}. */
  @FunctionalInterface
  public interface DriverSend {
    void send(Object message) throws Exception;
  }

  /** A task as its thread remembers it from start to end (Spark unsets the TaskContext before the end hooks). */
  private record StartedTask(long taskId, int stageId, int stageAttempt, int partitionId, int attemptNumber) {}

  /** What a task that runs alone carries from its start to its end. */
  private record AloneTask(RetryQuery query, RetryAnswer answer, ExclusiveStartGate.AloneStart start) {}

  private final String executorId;
  private final DriverAsk ask;
  private final DriverSend send;
  private final ExclusiveStartGate gate;
  private final LongSupplier wallClockMillis;
  private final Map<Long, AloneTask> alone = new ConcurrentHashMap<>();
  /** The task this thread started, until it ends. */
  private final ThreadLocal<StartedTask> startedHere = new ThreadLocal<>();
  /** Asks the driver about an exiting executor, so the task thread can bound its wait; started idle. */
  private final ExecutorService runningOutNotifier = Executors.newSingleThreadExecutor(
      DaemonThreads.named("spillway-oom-notifier"));
  private final Counter aloneRetries = new Counter();
  private final Counter heldStarts = new Counter();

  public ExclusiveRetries(String executorId, DriverAsk ask, DriverSend send, ExclusiveStartGate gate,
      LongSupplier wallClockMillis) {
    this.executorId = executorId;
    this.ask = ask;
    this.send = send;
    this.gate = gate;
    this.wallClockMillis = wallClockMillis;
  }

  /** A gate with the given bound on an owner's wait, checking kill flags every 100 ms. */
  public static ExclusiveStartGate gate(long maxWaitAloneMillis, NanoClock clock) {
    return new ExclusiveStartGate(TimeUnit.MILLISECONDS.toNanos(maxWaitAloneMillis), TimeUnit.MILLISECONDS.toNanos(100),
        clock);
  }

  /**
   * Metrics in the executor plugin's registry: {@code oomRetry.aloneRetries} (tasks that ran alone),
   * {@code oomRetry.heldStarts} (starts held behind one), {@code oomRetry.heldTasks} (held now).
   */
  public void registerMetrics(MetricRegistry registry) {
    registry.register("oomRetry.aloneRetries", aloneRetries);
    registry.register("oomRetry.heldStarts", heldStarts);
    registry.register("oomRetry.heldTasks", (Gauge<Integer>) gate::held);
  }

  /** On the task thread, before the task runs; may wait (see the gate). */
  public void onTaskStart(TaskContext task) {
    if (task == null) {
      return;
    }
    long id = task.taskAttemptId();
    startedHere.set(new StartedTask(id, task.stageId(), task.stageAttemptNumber(), task.partitionId(),
        task.attemptNumber()));
    if (task instanceof BarrierTaskContext) {
      gate.enterUnheld(id);
      return;
    }
    RetryAnswer answer = task.attemptNumber() == 0 && task.stageAttemptNumber() == 0 ? RetryAnswer.NO_OOM : askDriver(task);
    if (answer.verdict() != RetryAnswer.Verdict.RAN_OUT_BEFORE) {
      ExclusiveStartGate.SharedStart s = gate.enterShared(id, task::isInterrupted);
      if (s.heldNanos() > 0) {
        heldStarts.inc();
        LOG.info("Task {} (stage {}.{}, partition {}) was held {} ms while a retry after an out-of-memory failure ran "
            + "alone", id, task.stageId(), task.stageAttemptNumber(), task.partitionId(),
            TimeUnit.NANOSECONDS.toMillis(s.heldNanos()));
      }
      return;
    }
    RetryQuery query = query(task);
    LOG.info("Task {} (stage {}.{}, partition {}, attempt {}) runs alone: {} earlier attempt(s) ran out of memory, "
        + "latest {}", id, task.stageId(), task.stageAttemptNumber(), task.partitionId(), task.attemptNumber(),
        answer.priorOoms(), answer.cause());
    ExclusiveStartGate.AloneStart start = gate.enterAlone(id, task::isInterrupted);
    alone.put(id, new AloneTask(query, answer, start));
    aloneRetries.inc();
    LOG.info("Task {} starts {} after {} ms queued and {} ms waiting for {} running task(s)", id,
        start.startedAlone() ? "alone" : "beside running tasks (wait bound reached)",
        TimeUnit.NANOSECONDS.toMillis(start.queuedNanos()), TimeUnit.NANOSECONDS.toMillis(start.waitedNanos()),
        start.runningAtOwnership());
  }

  /**
   * On the task thread, when the task this thread started failed, before Spark reports the failure: tells
   * the driver if it threw a JVM {@code OutOfMemoryError} (see the class doc), then ends it.
   */
  public void onTaskFailed(TaskFailedReason reason) {
    StartedTask started = startedHere.get();
    if (started != null && reason instanceof ExceptionFailure f && JVM_OOM_CLASS.equals(f.className())) {
      tellDriverRunningOut(new OomAttempt(started.stageId(), started.stageAttempt(), started.partitionId(),
          started.attemptNumber(), started.taskId(), executorId, f.className() + ": " + f.description()));
    }
    onTaskEnd(false);
  }

  private void tellDriverRunningOut(OomAttempt attempt) {
    try {
      Future<Object> answer = runningOutNotifier.submit(() -> ask.ask(new ExecutorRunningOut(attempt)));
      answer.get(RUNNING_OUT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.warn("Could not tell the driver that this executor is exiting after {}", attempt.describe(), e);
    }
  }

  /** On the task thread, after the task this thread started ended either way. */
  public void onTaskEnd(boolean succeeded) {
    StartedTask started = startedHere.get();
    if (started == null) {
      return;
    }
    startedHere.remove();
    long id = started.taskId();
    var run = gate.leave(id);
    AloneTask a = alone.remove(id);
    if (a == null || run.isEmpty()) {
      return;
    }
    RetryQuery q = a.query();
    ExclusiveRetryReport report = new ExclusiveRetryReport(executorId, q.stageId(), q.stageAttempt(), q.partitionId(),
        q.attemptNumber(), id, a.answer().priorOoms(), a.answer().cause(), millis(a.start().queuedNanos()),
        millis(a.start().waitedNanos()), a.start().runningAtOwnership(), a.start().startedAlone(),
        run.get().heldTasks(), millis(run.get().heldNanos()), millis(run.get().ownedNanos()), succeeded,
        wallClockMillis.getAsLong());
    LOG.info("Spillway: {}", report.describe());
    try {
      send.send(report);
    } catch (Exception e) {
      LOG.warn("Could not report a retry that ran alone to the driver: {}", report.describe(), e);
    }
  }

  /** Stops the notifier thread. */
  public void close() {
    runningOutNotifier.shutdownNow();
  }

  private RetryQuery query(TaskContext task) {
    return new RetryQuery(executorId, task.stageId(), task.stageAttemptNumber(), task.partitionId(),
        task.attemptNumber(), task.taskAttemptId());
  }

  /** Asks as the class doc says; any failure or lasting NOT_SEEN_YET reads as NO_OOM. */
  private RetryAnswer askDriver(TaskContext task) {
    RetryQuery q = query(task);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ASK_PATIENCE_MILLIS);
    try {
      while (true) {
        Object reply = ask.ask(q);
        if (!(reply instanceof RetryAnswer answer)) {
          LOG.warn("Driver gave no out-of-memory record for {} (reply {}); the task runs shared", q, reply);
          return RetryAnswer.NO_OOM;
        }
        if (answer.verdict() != RetryAnswer.Verdict.NOT_SEEN_YET) {
          return answer;
        }
        if (System.nanoTime() > deadline || task.isInterrupted()) {
          LOG.warn("Driver had not seen task {} start after {} ms; it runs shared", q.taskId(), ASK_PATIENCE_MILLIS);
          return RetryAnswer.NO_OOM;
        }
        Thread.sleep(ASK_AGAIN_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return RetryAnswer.NO_OOM;
    } catch (Exception e) {
      LOG.warn("Could not ask the driver whether partition {} of stage {} ran out of memory before; the task runs "
          + "shared", q.partitionId(), q.stageId(), e);
      return RetryAnswer.NO_OOM;
    }
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}

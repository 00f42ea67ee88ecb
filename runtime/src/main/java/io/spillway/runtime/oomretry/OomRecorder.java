package io.spillway.runtime.oomretry;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.spillway.runtime.PressureLevelChangedEvent;
import io.spillway.runtime.pressure.PressureLevel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's end of "after an out-of-memory failure the retry runs alone": a listener that records every
 * task attempt that ended in an out-of-memory failure ({@link OomCause}) in an {@link OomLedger}, answers
 * executors' {@link RetryQuery}s from it, and publishes each {@link ExclusiveRetryReport} three ways: one INFO
 * line in the driver log, an {@link ExclusiveRetryEvent} on the listener bus (so the event log holds it) and
 * the driver's metrics ({@code oomRetry.*}). It also follows executors' heap-pressure levels on the bus
 * ({@link PressureLevelChangedEvent}), for the third signal of {@link OomCause}; an executor's last level is
 * kept after it is removed, because its tasks' ends may be delivered after its removal.
 */
public final class OomRecorder extends SparkListener {

  private static final Logger LOG = LoggerFactory.getLogger(OomRecorder.class);

  private final OomLedger ledger = new OomLedger();
  private final Consumer<SparkListenerEvent> eventSink;
  private final Counter oomsRecorded = new Counter();
  private final Counter aloneRetries = new Counter();
  private final Counter heldTasks = new Counter();
  private final Counter heldMillis = new Counter();
  private final Map<String, PressureLevel> lastLevels = new ConcurrentHashMap<>();

  private final Consumer<String> stopOffering;

  /**
   * @param eventSink    the listener bus's {@code post}
   * @param stopOffering takes an executor id out of the scheduler's offers (see {@link ExecutorRunningOut})
   */
  public OomRecorder(Consumer<SparkListenerEvent> eventSink, Consumer<String> stopOffering) {
    this.eventSink = eventSink;
    this.stopOffering = stopOffering;
  }

  /**
   * Registers {@code oomRetry.oomsRecorded}, {@code oomRetry.aloneRetries}, {@code oomRetry.heldTasks} and
   * {@code oomRetry.heldMillis} (tasks held behind retries that ran alone, and their time held).
   */
  public void registerMetrics(MetricRegistry registry) {
    registry.register("oomRetry.oomsRecorded", oomsRecorded);
    registry.register("oomRetry.aloneRetries", aloneRetries);
    registry.register("oomRetry.heldTasks", heldTasks);
    registry.register("oomRetry.heldMillis", heldMillis);
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart start) {
    ledger.taskStarted(start.taskInfo().taskId());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (end.taskInfo() == null || end.reason() == null) {
      return;
    }
    OomCause.of(end.reason(), id -> lastLevels.get(id) == PressureLevel.CRITICAL).ifPresent(cause -> {
      OomAttempt a = new OomAttempt(end.stageId(), end.stageAttemptId(), end.taskInfo().partitionId(),
          end.taskInfo().attemptNumber(), end.taskInfo().taskId(), end.taskInfo().executorId(), cause);
      if (record(a)) {
        LOG.info("Spillway recorded an out-of-memory failure: {}; the partition's next attempt runs alone on its "
            + "executor", a.describe());
      }
    });
  }

  private boolean record(OomAttempt a) {
    boolean added = ledger.record(a);
    if (added) {
      oomsRecorded.inc();
    }
    return added;
  }

  /**
   * An executor's task threw a JVM {@code OutOfMemoryError} and the executor is about to exit: records the
   * attempt and takes the executor out of the scheduler's offers before its failure is reported.
   */
  public Boolean accept(ExecutorRunningOut report) {
    OomAttempt a = report.attempt();
    record(a);
    LOG.warn("Spillway: {} threw an OutOfMemoryError; executor {} is about to exit, so no more tasks are offered to "
        + "it, and the partition's next attempt runs alone", a.describe(), a.executorId());
    stopOffering.accept(a.executorId());
    return Boolean.TRUE;
  }

  @Override
  public void onOtherEvent(SparkListenerEvent event) {
    if (event instanceof PressureLevelChangedEvent change) {
      lastLevels.put(change.getExecutorId(), change.getToLevel());
    }
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted completed) {
    if (completed.stageInfo().failureReason().isEmpty()) {
      ledger.stageSucceeded(completed.stageInfo().stageId());
    }
  }

  /** An executor's question. */
  public RetryAnswer answer(RetryQuery query) {
    return ledger.answer(query);
  }

  /** An executor's report of a task that ran alone. */
  public void accept(ExclusiveRetryReport report) {
    aloneRetries.inc();
    heldTasks.inc(report.heldTasks());
    heldMillis.inc(report.heldMillis());
    LOG.info("Spillway: {}", report.describe());
    try {
      eventSink.accept(new ExclusiveRetryEvent(report));
    } catch (RuntimeException e) {
      LOG.warn("Could not post a retry that ran alone to the listener bus: {}", report.describe(), e);
    }
  }

  /** The record, for tests and reports. */
  public OomLedger ledger() {
    return ledger;
  }
}

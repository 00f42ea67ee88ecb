package io.spillway.runtime.control;

import io.spillway.runtime.DaemonThreads;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A {@link AdmissionGate.Ticker} on one daemon thread of its own; {@link #close()} stops it. */
public final class DaemonTicker implements AdmissionGate.Ticker, AutoCloseable {

  private final ScheduledExecutorService scheduler;

  public DaemonTicker(String threadName) {
    this.scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(threadName));
  }

  @Override
  public void schedule(Runnable check, long delayNanos) {
    try {
      scheduler.schedule(check, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // closed: the executor is shutting down, nothing left to check
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}

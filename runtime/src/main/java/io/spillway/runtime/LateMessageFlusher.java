package io.spillway.runtime;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a driver-side flush a grace period after the stage it belongs to ended, on one daemon thread.
 * Executors' plugin messages travel apart from task results and may arrive after the stage completed, so
 * the skew report and the tiered-store figures wait before publishing. After {@link #close} nothing more
 * is scheduled: the owner publishes what is left itself.
 */
public final class LateMessageFlusher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LateMessageFlusher.class);

  private final long graceMillis;
  private final ScheduledExecutorService executor;

  /**
   * @param threadName  the daemon thread's name
   * @param graceMillis how long to wait before each flush
   */
  public LateMessageFlusher(String threadName, long graceMillis) {
    this.graceMillis = graceMillis;
    this.executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(threadName));
  }

  /** Runs {@code flush} after the grace period; does nothing once closed (the owner's close flushes all). */
  public void flushLater(Runnable flush) {
    try {
      executor.schedule(flush, graceMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("A flush was asked for after shutdown; the owner's close publishes what is left");
    }
  }

  /** Stops the thread; flushes not yet run are dropped. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}

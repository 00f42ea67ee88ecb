package io.spillway.runtime.tiered;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.spillway.runtime.LateMessageFlusher;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's end of the tiered store's statistics: takes tasks' {@link TieredStoreTaskStats} and
 * publishes each stage attempt's {@link TieredStoreStageStats} three ways — one INFO line in the driver
 * log, a {@link TieredStoreStageEvent} on the listener bus (so the event log holds it) and the driver's
 * metrics ({@code tiered.*} counters, next to {@code skew.*}).
 *
 * <p>When: a task's message travels apart from its result and may arrive after its stage ended, so
 * {@link #onStageCompleted} publishes what arrived after a grace period; {@link #close} publishes the rest.
 */
public final class TieredStoreReporting implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TieredStoreReporting.class);
  /** How long a finished stage's late messages are waited for (as for skew reports). */
  static final long FLUSH_GRACE_MILLIS = 3_000;

  private final TieredStoreStatsCollector collector;
  private final Consumer<SparkListenerEvent> eventSink;
  private final Counter stages = new Counter();
  private final Counter tasks = new Counter();
  private final Counter recordsMerged = new Counter();
  private final Counter heapHits = new Counter();
  private final Counter offHeapHits = new Counter();
  private final Counter misses = new Counter();
  private final Counter evictions = new Counter();
  private final Counter bytesWrittenOffHeap = new Counter();
  private final Counter offHeapMaps = new Counter();
  private final LateMessageFlusher flusher;

  /**
   * @param collector adds up the tasks' figures
   * @param eventSink the listener bus's {@code post}
   */
  public TieredStoreReporting(TieredStoreStatsCollector collector, Consumer<SparkListenerEvent> eventSink) {
    this(collector, eventSink, FLUSH_GRACE_MILLIS);
  }

  TieredStoreReporting(TieredStoreStatsCollector collector, Consumer<SparkListenerEvent> eventSink, long graceMillis) {
    this.collector = collector;
    this.eventSink = eventSink;
    this.flusher = new LateMessageFlusher("spillway-tiered-stats-flusher", graceMillis);
  }

  /** Registers the counters in the driver plugin's metric registry. */
  public void registerMetrics(MetricRegistry registry) {
    registry.register("tiered.stages", stages);
    registry.register("tiered.tasks", tasks);
    registry.register("tiered.recordsMerged", recordsMerged);
    registry.register("tiered.heapHits", heapHits);
    registry.register("tiered.offHeapHits", offHeapHits);
    registry.register("tiered.misses", misses);
    registry.register("tiered.evictions", evictions);
    registry.register("tiered.bytesWrittenOffHeap", bytesWrittenOffHeap);
    registry.register("tiered.offHeapMaps", offHeapMaps);
  }

  /** Adds one task's figures; they are published when its stage attempt completes. */
  public void accept(TieredStoreTaskStats task) {
    collector.add(task);
  }

  /** A stage attempt ended: publish its figures once late messages had time to arrive. */
  public void onStageCompleted(int stageId, int attempt) {
    flusher.flushLater(() -> publish(collector.flush(stageId, attempt)));
  }

  private void publish(Optional<TieredStoreStageStats> maybeStats) {
    maybeStats.ifPresent(s -> {
      stages.inc();
      tasks.inc(s.tasks());
      recordsMerged.inc(s.recordsMerged());
      heapHits.inc(s.heapHits());
      offHeapHits.inc(s.offHeapHits());
      misses.inc(s.misses());
      evictions.inc(s.evictions());
      bytesWrittenOffHeap.inc(s.bytesWrittenOffHeap());
      offHeapMaps.inc(s.offHeapMaps());
      LOG.info("Spillway tiered store, {}", s.describe());
      try {
        eventSink.accept(new TieredStoreStageEvent(s));
      } catch (RuntimeException e) {
        LOG.warn("Could not post the tiered-store figures of stage {}.{} to the listener bus", s.stageId(),
            s.stageAttempt(), e);
      }
    });
  }

  /** Publishes every stage attempt still open and stops the flusher. */
  @Override
  public void close() {
    flusher.close();
    collector.flushAll().forEach(s -> publish(Optional.of(s)));
  }

  /** Stage attempts published so far. */
  public long stagesReported() {
    return stages.getCount();
  }
}

package io.spillway.runtime.skew;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.spillway.runtime.LateMessageFlusher;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's end of hot-key detection: takes map tasks' {@link MapTaskKeySketch}es, and publishes each
 * shuffle's {@link ShuffleSkewReport} three ways — a driver log line (WARN when a key is hot, INFO
 * otherwise), a {@link ShuffleSkewReportEvent} on the listener bus (so the event log holds it), and the
 * driver's metrics ({@code skew.shufflesReported}, {@code skew.hotKeys}).
 *
 * <p>When: as soon as every map partition of the shuffle has reported; and, because a sketch can arrive
 * after its stage ends (plugin messages and task results travel separately) or never (a lost executor),
 * {@link #onMapStageCompleted} flushes what arrived after a grace period, and {@link #close} flushes the rest.
 */
public final class SkewReporting implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SkewReporting.class);
  /** How long a finished map stage's late sketches are waited for. */
  static final long FLUSH_GRACE_MILLIS = 3_000;

  private final ShuffleSkewCollector collector;
  private final Consumer<SparkListenerEvent> eventSink;
  private final Counter shufflesReported = new Counter();
  private final Counter hotKeys = new Counter();
  private final LateMessageFlusher flusher = new LateMessageFlusher("spillway-skew-report-flusher", FLUSH_GRACE_MILLIS);

  /**
   * @param collector merges sketches
   * @param eventSink the listener bus's {@code post}
   */
  public SkewReporting(ShuffleSkewCollector collector, Consumer<SparkListenerEvent> eventSink) {
    this.collector = collector;
    this.eventSink = eventSink;
  }

  /** Registers the counters in the driver plugin's metric registry. */
  public void registerMetrics(MetricRegistry registry) {
    registry.register("skew.shufflesReported", shufflesReported);
    registry.register("skew.hotKeys", hotKeys);
  }

  /** Adds one map task's sketch; publishes the report if it completed the shuffle. */
  public void accept(MapTaskKeySketch sketch) {
    publish(collector.add(sketch));
  }

  /** The map stage of {@code shuffleId} ended: publish what arrived once late sketches had time to arrive. */
  public void onMapStageCompleted(int shuffleId) {
    if (!collector.openShuffles().contains(shuffleId)) {
      return;
    }
    flusher.flushLater(() -> publish(collector.flush(shuffleId)));
  }

  private void publish(Optional<ShuffleSkewReport> maybeReport) {
    maybeReport.ifPresent(report -> {
      shufflesReported.inc();
      int hot = report.hotKeys().size();
      hotKeys.inc(hot);
      if (hot > 0) {
        LOG.warn("Spillway skew report: {}", report.describe());
      } else {
        LOG.info("Spillway skew report: {}", report.describe());
      }
      try {
        eventSink.accept(new ShuffleSkewReportEvent(report));
      } catch (RuntimeException e) {
        LOG.warn("Could not post the skew report of shuffle {} to the listener bus", report.shuffleId(), e);
      }
    });
  }

  /** Publishes every shuffle still open and stops the flusher. */
  @Override
  public void close() {
    flusher.close();
    collector.flushAll().forEach(r -> publish(Optional.of(r)));
  }

  /** Reports published so far. */
  public long shufflesReported() {
    return shufflesReported.getCount();
  }
}

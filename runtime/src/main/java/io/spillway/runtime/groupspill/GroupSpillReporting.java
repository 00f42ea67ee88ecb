package io.spillway.runtime.groupspill;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.spillway.runtime.LateMessageFlusher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's end of the group-spill figures, on the path the tiered store's figures take
 * ({@code TieredStoreReporting}): takes tasks' {@link GroupSpillTaskStats}, adds them up per stage attempt, and
 * publishes each stage attempt's {@link GroupSpillStageStats} three ways — one INFO line in the driver log, a
 * {@link GroupSpillStageEvent} on the listener bus (so the event log, and from it the Spillway tab, holds it) and
 * the driver's metrics ({@code groupSpill.*} counters).
 *
 * <p>When: a task's message travels apart from its result and may arrive after its stage ended, so
 * {@link #onStageCompleted} publishes what arrived after a grace period; {@link #close} publishes the rest. A
 * message arriving after its stage attempt was published opens it again and is published with the next flush.
 *
 * <p>Thread-safe: executors' messages arrive on the plugin's RPC thread while the listener and the flusher
 * publish.
 */
public final class GroupSpillReporting implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GroupSpillReporting.class);
  /** How long a finished stage's late messages are waited for (as for skew reports and tiered-store figures). */
  static final long FLUSH_GRACE_MILLIS = 3_000;

  private record StageAttempt(int stageId, int attempt) {}

  private final Map<StageAttempt, GroupSpillStageStats> open = new LinkedHashMap<>();
  private final Consumer<SparkListenerEvent> eventSink;
  private final LateMessageFlusher flusher;
  private final Counter stages = new Counter();
  private final Counter tasks = new Counter();
  private final Counter groups = new Counter();
  private final Counter values = new Counter();
  private final Counter bytes = new Counter();

  /** @param eventSink the listener bus's {@code post} */
  public GroupSpillReporting(Consumer<SparkListenerEvent> eventSink) {
    this(eventSink, FLUSH_GRACE_MILLIS);
  }

  GroupSpillReporting(Consumer<SparkListenerEvent> eventSink, long graceMillis) {
    this.eventSink = eventSink;
    this.flusher = new LateMessageFlusher("spillway-group-spill-flusher", graceMillis);
  }

  /** Registers the counters in the driver plugin's metric registry. */
  public void registerMetrics(MetricRegistry registry) {
    registry.register("groupSpill.stages", stages);
    registry.register("groupSpill.tasks", tasks);
    registry.register("groupSpill.groups", groups);
    registry.register("groupSpill.values", values);
    registry.register("groupSpill.bytes", bytes);
  }

  /** Adds one task's figures; they are published when its stage attempt completes. */
  public synchronized void accept(GroupSpillTaskStats task) {
    open.merge(new StageAttempt(task.stageId(), task.stageAttempt()),
        new GroupSpillStageStats(task.stageId(), task.stageAttempt(), 1, task.groups(), task.values(), task.bytes()),
        GroupSpillReporting::sum);
  }

  /** A stage attempt ended: publish its figures once late messages had time to arrive. */
  public void onStageCompleted(int stageId, int attempt) {
    flusher.flushLater(() -> publish(take(stageId, attempt)));
  }

  /** The figures of the stage attempt, if any task of it reported since the last flush; forgets them. */
  synchronized Optional<GroupSpillStageStats> take(int stageId, int attempt) {
    return Optional.ofNullable(open.remove(new StageAttempt(stageId, attempt)));
  }

  /** Publishes every stage attempt still open, in the order they opened, and stops the flusher. */
  @Override
  public void close() {
    flusher.close();
    List<GroupSpillStageStats> rest;
    synchronized (this) {
      rest = new ArrayList<>(open.values());
      open.clear();
    }
    rest.forEach(s -> publish(Optional.of(s)));
  }

  private void publish(Optional<GroupSpillStageStats> maybeStats) {
    maybeStats.ifPresent(s -> {
      stages.inc();
      tasks.inc(s.tasks());
      groups.inc(s.groups());
      values.inc(s.values());
      bytes.inc(s.bytes());
      LOG.info("Spillway group spill, {}", s.describe());
      try {
        eventSink.accept(new GroupSpillStageEvent(s));
      } catch (RuntimeException e) {
        LOG.warn("Could not post the group-spill figures of stage {}.{} to the listener bus", s.stageId(),
            s.stageAttempt(), e);
      }
    });
  }

  private static GroupSpillStageStats sum(GroupSpillStageStats a, GroupSpillStageStats b) {
    return new GroupSpillStageStats(a.stageId(), a.stageAttempt(), a.tasks() + b.tasks(), a.groups() + b.groups(),
        a.values() + b.values(), a.bytes() + b.bytes());
  }
}

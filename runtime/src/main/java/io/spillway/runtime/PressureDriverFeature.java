package io.spillway.runtime;

import io.spillway.runtime.driver.DriverContext;
import io.spillway.runtime.driver.DriverFeature;
import io.spillway.runtime.driver.DriverMessageHandlers;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heap pressure's driver half: executors' {@link PressureLevelChanged} messages update the
 * {@link ExecutorPressureRegistry} (installed as {@link SpillwayRuntime#driverRegistry()}), and are logged at INFO
 * and posted to the listener bus; their {@link PressureActionTaken} messages are logged and posted. A removed
 * executor leaves the registry.
 */
final class PressureDriverFeature implements DriverFeature {

  private static final Logger LOG = LoggerFactory.getLogger(PressureDriverFeature.class);

  private final ExecutorPressureRegistry registry = new ExecutorPressureRegistry();
  private final Consumer<SparkListenerEvent> eventSink;

  PressureDriverFeature(DriverContext context) {
    this.eventSink = context.eventSink();
    SpillwayRuntime.installDriverRegistry(registry);
  }

  @Override
  public void registerHandlers(DriverMessageHandlers handlers) {
    handlers.on(PressureLevelChanged.class, change -> {
      levelChanged(change);
      return null;
    });
    handlers.on(PressureActionTaken.class, action -> {
      LOG.info("Executor {} pressure action {} {} at {}: {} ({})", action.executorId(), action.action(),
          action.engaged() ? "engaged" : "undone", action.level(), action.detail(),
          Instant.ofEpochMilli(action.timestampMillis()));
      eventSink.accept(PressureActionEvent.of(action));
      return null;
    });
  }

  private void levelChanged(PressureLevelChanged change) {
    if (!registry.record(change)) {
      LOG.debug("Ignoring stale pressure change {}", change);
      return;
    }
    LOG.info("Executor {} heap pressure {} -> {} at {} (old-gen occupancy {}, GC time share {})",
        change.executorId(), change.from(), change.to(), Instant.ofEpochMilli(change.timestampMillis()),
        String.format("%.2f", change.oldGenOccupancyRatio()), String.format("%.2f", change.gcTimeRatio()));
    eventSink.accept(PressureLevelChangedEvent.of(change));
  }

  @Override
  public Optional<SparkListener> listener() {
    return Optional.of(new SparkListener() {
      @Override
      public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        registry.remove(removed.executorId());
      }
    });
  }

  @Override
  public void close() {
    SpillwayRuntime.uninstallDriverRegistry(registry);
  }
}

package io.spillway.runtime.groupspill;

import com.codahale.metrics.MetricRegistry;
import io.spillway.runtime.driver.DriverContext;
import io.spillway.runtime.driver.DriverFeature;
import io.spillway.runtime.driver.DriverMessageHandlers;
import java.util.Optional;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;

/**
 * Group spilling's driver half: tasks' {@link GroupSpillTaskStats} (groups streamed to disk) are added up per
 * stage attempt by a {@link GroupSpillReporting}, published once the stage ends (after a grace period) or at
 * shutdown.
 */
public final class GroupSpillDriverFeature implements DriverFeature {

  private final GroupSpillReporting reporting;

  /** Publishes through the context's event sink. */
  public GroupSpillDriverFeature(DriverContext context) {
    this.reporting = new GroupSpillReporting(context.eventSink());
  }

  @Override
  public void registerHandlers(DriverMessageHandlers handlers) {
    handlers.on(GroupSpillTaskStats.class, task -> {
      reporting.accept(task);
      return null;
    });
  }

  @Override
  public void registerMetrics(MetricRegistry metrics) {
    reporting.registerMetrics(metrics);
  }

  @Override
  public Optional<SparkListener> listener() {
    return Optional.of(new SparkListener() {
      @Override
      public void onStageCompleted(SparkListenerStageCompleted completed) {
        reporting.onStageCompleted(completed.stageInfo().stageId(), completed.stageInfo().attemptNumber());
      }
    });
  }

  @Override
  public void close() {
    reporting.close();
  }
}

package io.spillway.runtime.tiered;

import com.codahale.metrics.MetricRegistry;
import io.spillway.runtime.driver.DriverContext;
import io.spillway.runtime.driver.DriverFeature;
import io.spillway.runtime.driver.DriverMessageHandlers;
import java.util.Optional;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;

/**
 * The tiered store's driver half: reduce tasks' {@link TieredStoreTaskStats} are added up per stage attempt by a
 * {@link TieredStoreReporting}, published once the stage ends (after a grace period) or at shutdown.
 */
public final class TieredStoreDriverFeature implements DriverFeature {

  private final TieredStoreReporting reporting;

  /** Publishes through the context's event sink. */
  public TieredStoreDriverFeature(DriverContext context) {
    this.reporting = new TieredStoreReporting(new TieredStoreStatsCollector(), context.eventSink());
  }

  @Override
  public void registerHandlers(DriverMessageHandlers handlers) {
    handlers.on(TieredStoreTaskStats.class, task -> {
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

package io.spillway.runtime.oomretry;

import com.codahale.metrics.MetricRegistry;
import io.spillway.runtime.driver.DriverContext;
import io.spillway.runtime.driver.DriverFeature;
import io.spillway.runtime.driver.DriverMessageHandlers;
import java.util.Optional;
import org.apache.spark.scheduler.SparkListener;

/**
 * "After an out-of-memory failure the retry runs alone", driver half: an {@link OomRecorder} answers executors'
 * {@link RetryQuery}s, {@link ExecutorRunningOut} and {@link ExclusiveRetryReport} messages. With
 * {@code spark.spillway.oomRetry.enabled=false} there is no record: a query gets no answer (null), an executor
 * running out is not taken out of the offers (false), and a report is dropped.
 */
public final class OomRetryDriverFeature implements DriverFeature {

  private final OomRecorder recorder;

  /** Reads {@code spark.spillway.oomRetry.enabled} from the context's conf. */
  public OomRetryDriverFeature(DriverContext context) {
    this.recorder = OomRetrySettings.from(context.conf()).enabled()
        ? new OomRecorder(context.eventSink(), context.stopOffering())
        : null;
  }

  @Override
  public void registerHandlers(DriverMessageHandlers handlers) {
    handlers.on(RetryQuery.class, query -> recorder == null ? null : recorder.answer(query));
    handlers.on(ExecutorRunningOut.class, runningOut -> recorder == null ? Boolean.FALSE : recorder.accept(runningOut));
    handlers.on(ExclusiveRetryReport.class, report -> {
      if (recorder != null) {
        recorder.accept(report);
      }
      return null;
    });
  }

  @Override
  public void registerMetrics(MetricRegistry metrics) {
    if (recorder != null) {
      recorder.registerMetrics(metrics);
    }
  }

  @Override
  public Optional<SparkListener> listener() {
    return Optional.ofNullable(recorder);
  }
}

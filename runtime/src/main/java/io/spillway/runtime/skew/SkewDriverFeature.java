package io.spillway.runtime.skew;

import com.codahale.metrics.MetricRegistry;
import io.spillway.runtime.compat.ListenerBusCompat;
import io.spillway.runtime.driver.DriverContext;
import io.spillway.runtime.driver.DriverFeature;
import io.spillway.runtime.driver.DriverMessageHandlers;
import java.util.Optional;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;

/**
 * Hot-key detection's driver half: map tasks' {@link MapTaskKeySketch}es go to a {@link SkewReporting}, and a
 * finished map stage flushes its shuffle's late sketches. With {@code spark.spillway.skew.enabled=false} sketches
 * are not expected and, if one arrives anyway, ignored.
 */
public final class SkewDriverFeature implements DriverFeature {

  private final SkewReporting reporting;

  /** Reads {@code spark.spillway.skew.*} from the context's conf and forgets the shuffles of an earlier app. */
  public SkewDriverFeature(DriverContext context) {
    ShuffleOrigins.clear();
    SkewSettings settings = SkewSettings.from(context.conf());
    this.reporting = settings.enabled()
        ? new SkewReporting(new ShuffleSkewCollector(settings.report(), ShuffleOrigins::of), context.eventSink())
        : null;
  }

  @Override
  public void registerHandlers(DriverMessageHandlers handlers) {
    handlers.on(MapTaskKeySketch.class, sketch -> {
      if (reporting != null) {
        reporting.accept(sketch);
      }
      return null;
    });
  }

  @Override
  public void registerMetrics(MetricRegistry metrics) {
    if (reporting != null) {
      reporting.registerMetrics(metrics);
    }
  }

  @Override
  public Optional<SparkListener> listener() {
    if (reporting == null) {
      return Optional.empty();
    }
    return Optional.of(new SparkListener() {
      @Override
      public void onStageCompleted(SparkListenerStageCompleted completed) {
        ListenerBusCompat.shuffleDepId(completed.stageInfo()).ifPresent(reporting::onMapStageCompleted);
      }
    });
  }

  @Override
  public void close() {
    if (reporting != null) {
      reporting.close();
    }
  }
}

package io.spillway.runtime.driver;

import com.codahale.metrics.MetricRegistry;
import java.util.Optional;
import org.apache.spark.scheduler.SparkListener;

/**
 * The driver half of one Spillway feature, as the driver plugin sees it: the executor messages it answers, the
 * metrics it exports, the listener-bus events it follows, and what it flushes at shutdown. The plugin holds a
 * list of these and names none of them.
 */
public interface DriverFeature extends AutoCloseable {

  /** Registers a handler for each executor message type this feature receives. */
  void registerHandlers(DriverMessageHandlers handlers);

  /** Registers this feature's driver metrics; none by default. */
  default void registerMetrics(MetricRegistry metrics) {}

  /** A listener to add to the SparkContext's bus, if this feature follows scheduler events. */
  default Optional<SparkListener> listener() {
    return Optional.empty();
  }

  /** Publishes what is still pending and stops background work; never throws. */
  @Override
  default void close() {}
}

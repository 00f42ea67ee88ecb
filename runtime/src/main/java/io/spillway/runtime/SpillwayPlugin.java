package io.spillway.runtime;

import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Spillway's Spark plugin: enable with {@code spark.plugins=io.spillway.runtime.SpillwayPlugin}.
 *
 * <p>Driver side: validates {@code spark.spillway.*} at start-up (a bad value fails the application
 * with the key, value and accepted range), then records executors' pressure changes, logs them and
 * posts them to the event log. Executor side: runs the heap-pressure monitor, exports its metrics and
 * reports level changes to the driver.
 */
public final class SpillwayPlugin implements SparkPlugin {

  @Override
  public DriverPlugin driverPlugin() {
    return new SpillwayDriverPlugin();
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new SpillwayExecutorPlugin();
  }
}

package io.spillway.runtime;

import io.spillway.runtime.compat.SparkVersion;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spillway's Spark plugin: enable with {@code spark.plugins=io.spillway.runtime.SpillwayPlugin}.
 *
 * <p>Driver side: validates {@code spark.spillway.*} at start-up (a bad value fails the application
 * with the key, value and accepted range), then records executors' pressure changes, logs them and
 * posts them to the event log. Executor side: runs the heap-pressure monitor, exports its metrics and
 * reports level changes to the driver.
 *
 * <p>On a Spark line outside {@value SparkVersion#SUPPORTED_LINES} both sides run in safe mode (see
 * {@link SparkVersion}): the executor side monitors only, and each JVM logs one WARN saying so. An executor
 * plugin that cannot even be created on this Spark (a {@link LinkageError}) is replaced by one that does
 * nothing, so the executor starts instead of dying at every attempt.
 */
public final class SpillwayPlugin implements SparkPlugin {

  private static final Logger LOG = LoggerFactory.getLogger(SpillwayPlugin.class);

  @Override
  public DriverPlugin driverPlugin() {
    SparkVersion version = SparkVersion.running();
    if (!version.isSupported()) {
      version.warnSafeModeOnce(LOG, "driver");
    }
    return new SpillwayDriverPlugin();
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    SparkVersion version = SparkVersion.running();
    if (!version.isSupported()) {
      version.warnSafeModeOnce(LOG, "executor");
    }
    try {
      return new SpillwayExecutorPlugin();
    } catch (LinkageError e) {
      LOG.warn("Spillway's executor plugin cannot be created on Spark {}: {}; this executor runs without it",
          version, e.toString());
      return new ExecutorPlugin() {};
    }
  }
}

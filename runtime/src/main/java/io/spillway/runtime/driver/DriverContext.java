package io.spillway.runtime.driver;

import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListenerEvent;

/**
 * What a {@link DriverFeature} may use on the driver.
 *
 * @param conf the validated application conf
 * @param eventSink the listener bus's {@code post}
 * @param stopOffering takes an executor id out of the scheduler's offers
 */
public record DriverContext(SparkConf conf, Consumer<SparkListenerEvent> eventSink, Consumer<String> stopOffering) {}

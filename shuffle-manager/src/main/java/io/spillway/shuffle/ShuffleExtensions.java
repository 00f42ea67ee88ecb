package io.spillway.shuffle;

import io.spillway.runtime.SpillwayRuntime;
import io.spillway.runtime.control.ControlSettings;
import java.util.Objects;
import org.apache.spark.SparkConf;

/**
 * The seams of {@link SpillwayShuffleManager}: the {@link FetchLimitsPolicy} its reader asks and the
 * {@link ShuffleWriterDecorator} its writers pass through. Later features plug in here (in
 * {@link #fromConf}) without touching the manager.
 *
 * @param fetchLimitsPolicy chooses each read's fetch limits
 * @param writerDecorator wraps each map task's writer
 */
public record ShuffleExtensions(FetchLimitsPolicy fetchLimitsPolicy, ShuffleWriterDecorator writerDecorator) {

  public ShuffleExtensions {
    Objects.requireNonNull(fetchLimitsPolicy, "fetchLimitsPolicy");
    Objects.requireNonNull(writerDecorator, "writerDecorator");
  }

  /** Stock behaviour: Spark's configured fetch limits, Spark's writers unchanged. */
  public static ShuffleExtensions defaults() {
    return new ShuffleExtensions(FetchLimitsPolicy.SPARK_CONFIGURED, ShuffleWriterDecorator.NONE);
  }

  /**
   * The extensions a shuffle manager built from {@code conf} uses: {@link #defaults()}, except that with
   * {@code spark.spillway.control.enabled} and {@code spark.spillway.control.fetchThrottle.enabled} the
   * reader asks a {@link PressureFetchLimitsPolicy} fed by the control loop's fetch throttle.
   *
   * @param conf the validated Spark conf
   * @param isDriver whether the manager lives in the driver
   */
  public static ShuffleExtensions fromConf(SparkConf conf, boolean isDriver) {
    if (ControlSettings.from(conf).fetchThrottle()) {
      return new ShuffleExtensions(new PressureFetchLimitsPolicy(SpillwayRuntime::fetchThrottleLevel),
          ShuffleWriterDecorator.NONE);
    }
    return defaults();
  }
}

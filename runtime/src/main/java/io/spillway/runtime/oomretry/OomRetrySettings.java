package io.spillway.runtime.oomretry;

import io.spillway.runtime.config.OomRetryKeys;
import org.apache.spark.SparkConf;

/**
 * The {@code spark.spillway.oomRetry.*} settings.
 *
 * @param enabled            whether retries after an out-of-memory failure run alone
 * @param maxWaitAloneMillis longest such a retry waits for running tasks before it runs beside them
 */
public record OomRetrySettings(boolean enabled, long maxWaitAloneMillis) {

  public static OomRetrySettings from(SparkConf conf) {
    return new OomRetrySettings(OomRetryKeys.OOM_RETRY_ENABLED.get(conf),
        OomRetryKeys.OOM_RETRY_MAX_WAIT_ALONE_MILLIS.get(conf));
  }
}

package io.spillway.runtime.oomretry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import org.apache.spark.scheduler.SparkListenerEvent;

/**
 * A task that ran alone after an out-of-memory failure of its partition, as a Spark listener event, posted on
 * the driver's listener bus so it lands in the event log
 * ({@code "Event":"io.spillway.runtime.oomretry.ExclusiveRetryEvent"}, the figures under {@code "report"}),
 * where the history server, the A/B harness and any listener can read them.
 */
public final class ExclusiveRetryEvent implements SparkListenerEvent {

  private final ExclusiveRetryReport report;

  @JsonCreator
  public ExclusiveRetryEvent(@JsonProperty("report") ExclusiveRetryReport report) {
    this.report = Objects.requireNonNull(report, "report");
  }

  public ExclusiveRetryReport getReport() {
    return report;
  }

  /** True: one per retry that ran alone, small. */
  @Override
  public boolean logEvent() {
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExclusiveRetryEvent e && report.equals(e.report);
  }

  @Override
  public int hashCode() {
    return report.hashCode();
  }

  @Override
  public String toString() {
    return "ExclusiveRetryEvent(" + report.describe() + ")";
  }
}

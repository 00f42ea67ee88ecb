package io.spillway.runtime.skew;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import org.apache.spark.scheduler.SparkListenerEvent;

/**
 * A shuffle's {@link ShuffleSkewReport} as a Spark listener event, posted on the driver's listener bus so
 * it lands in the event log ({@code "Event":"io.spillway.runtime.skew.ShuffleSkewReportEvent"}, the
 * report under {@code "report"}), where the history server, the A/B harness and any listener can read
 * it. A Jackson bean: renaming the getter or a record component changes the log format.
 */
public final class ShuffleSkewReportEvent implements SparkListenerEvent {

  private final ShuffleSkewReport report;

  @JsonCreator
  public ShuffleSkewReportEvent(@JsonProperty("report") ShuffleSkewReport report) {
    this.report = Objects.requireNonNull(report, "report");
  }

  public ShuffleSkewReport getReport() {
    return report;
  }

  /** True: one per shuffle, small, and the point of the report. */
  @Override
  public boolean logEvent() {
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShuffleSkewReportEvent e && report.equals(e.report);
  }

  @Override
  public int hashCode() {
    return report.hashCode();
  }

  @Override
  public String toString() {
    return "ShuffleSkewReportEvent(" + report.describe() + ")";
  }
}

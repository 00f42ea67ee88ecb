package io.spillway.runtime.groupspill;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import org.apache.spark.scheduler.SparkListenerEvent;

/**
 * A stage attempt's {@link GroupSpillStageStats} as a Spark listener event, posted on the driver's listener bus so
 * it lands in the event log ({@code "Event":"io.spillway.runtime.groupspill.GroupSpillStageEvent"}, the figures
 * under {@code "stats"}), where the Spillway tab (live and in the History Server) and any listener read it. A
 * Jackson bean: renaming the getter or a record component changes the log format.
 */
public final class GroupSpillStageEvent implements SparkListenerEvent {

  private final GroupSpillStageStats stats;

  @JsonCreator
  public GroupSpillStageEvent(@JsonProperty("stats") GroupSpillStageStats stats) {
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  public GroupSpillStageStats getStats() {
    return stats;
  }

  /** True: one per stage that streamed a group to disk, small. */
  @Override
  public boolean logEvent() {
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GroupSpillStageEvent e && stats.equals(e.stats);
  }

  @Override
  public int hashCode() {
    return stats.hashCode();
  }

  @Override
  public String toString() {
    return "GroupSpillStageEvent(" + stats.describe() + ")";
  }
}

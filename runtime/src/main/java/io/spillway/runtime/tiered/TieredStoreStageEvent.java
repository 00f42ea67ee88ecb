package io.spillway.runtime.tiered;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import org.apache.spark.scheduler.SparkListenerEvent;

/**
 * A stage attempt's {@link TieredStoreStageStats} as a Spark listener event, posted on the driver's listener
 * bus so it lands in the event log ({@code "Event":"io.spillway.runtime.tiered.TieredStoreStageEvent"}, the
 * figures under {@code "stats"}), where the history server, the A/B harness and any listener can read
 * them. A Jackson bean: renaming the getter or a record component changes the log format.
 */
public final class TieredStoreStageEvent implements SparkListenerEvent {

  private final TieredStoreStageStats stats;

  @JsonCreator
  public TieredStoreStageEvent(@JsonProperty("stats") TieredStoreStageStats stats) {
    this.stats = Objects.requireNonNull(stats, "stats");
  }

  public TieredStoreStageStats getStats() {
    return stats;
  }

  /** True: one per stage that used the store, small. */
  @Override
  public boolean logEvent() {
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TieredStoreStageEvent e && stats.equals(e.stats);
  }

  @Override
  public int hashCode() {
    return stats.hashCode();
  }

  @Override
  public String toString() {
    return "TieredStoreStageEvent(" + stats.describe() + ")";
  }
}

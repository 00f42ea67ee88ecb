package io.spillway.runtime;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.spillway.runtime.pressure.PressureLevel;
import java.util.Objects;
import org.apache.spark.scheduler.SparkListenerEvent;

/**
 * A pressure action on an executor as a Spark listener event, posted on the driver's listener bus so it
 * lands in the event log ({@code "Event":"io.spillway.runtime.PressureActionEvent"}) next to
 * {@link PressureLevelChangedEvent}: together they are the per-executor timeline of pressure and actions.
 * A Jackson bean for the same reasons as {@link PressureLevelChangedEvent}; renaming a getter changes the
 * log format.
 */
public final class PressureActionEvent implements SparkListenerEvent {

  private final String executorId;
  private final String action;
  private final PressureLevel level;
  private final boolean engaged;
  private final String detail;
  private final long timestampMillis;

  @JsonCreator
  public PressureActionEvent(
      @JsonProperty("executorId") String executorId,
      @JsonProperty("action") String action,
      @JsonProperty("level") PressureLevel level,
      @JsonProperty("engaged") boolean engaged,
      @JsonProperty("detail") String detail,
      @JsonProperty("timestampMillis") long timestampMillis) {
    this.executorId = Objects.requireNonNull(executorId, "executorId");
    this.action = Objects.requireNonNull(action, "action");
    this.level = Objects.requireNonNull(level, "level");
    this.engaged = engaged;
    this.detail = Objects.requireNonNull(detail, "detail");
    this.timestampMillis = timestampMillis;
  }

  /** The event for a message received from an executor. */
  public static PressureActionEvent of(PressureActionTaken m) {
    return new PressureActionEvent(m.executorId(), m.action(), m.level(), m.engaged(), m.detail(), m.timestampMillis());
  }

  public String getExecutorId() {
    return executorId;
  }

  public String getAction() {
    return action;
  }

  public PressureLevel getLevel() {
    return level;
  }

  public boolean isEngaged() {
    return engaged;
  }

  public String getDetail() {
    return detail;
  }

  public long getTimestampMillis() {
    return timestampMillis;
  }

  /** True: actions follow level changes, which are rare, and the A/B report draws them. */
  @Override
  public boolean logEvent() {
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PressureActionEvent e
        && executorId.equals(e.executorId) && action.equals(e.action) && level == e.level
        && engaged == e.engaged && detail.equals(e.detail) && timestampMillis == e.timestampMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(executorId, action, level, engaged, detail, timestampMillis);
  }

  @Override
  public String toString() {
    return "PressureActionEvent[executor " + executorId + ", " + action + (engaged ? " engaged" : " undone")
        + " at " + level + ": " + detail + " at " + timestampMillis + "]";
  }
}

package io.spillway.runtime;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.spillway.runtime.pressure.PressureLevel;
import java.util.Objects;
import org.apache.spark.scheduler.SparkListenerEvent;

/**
 * An executor's pressure change as a Spark listener event, posted on the driver's listener bus so it
 * reaches custom listeners and the event log (and so the history server can replay it).
 *
 * <p>How it gets into the event log: {@code EventLoggingListener.onOtherEvent} writes events whose
 * {@link #logEvent()} is true; {@code JsonProtocol.writeSparkEventToJson} serializes events it does not
 * know with Jackson, and {@code SparkListenerEvent}'s {@code @JsonTypeInfo(use = CLASS, property =
 * "Event")} adds {@code "Event":"io.spillway.runtime.PressureLevelChangedEvent"}. So this class must be
 * a Jackson bean: public getters for every field and a {@link JsonCreator} constructor so
 * {@code JsonProtocol.sparkEventFromJson} can read it back on replay. Renaming a getter changes the log
 * format: keep the names.
 */
public final class PressureLevelChangedEvent implements SparkListenerEvent {

  private final String executorId;
  private final PressureLevel fromLevel;
  private final PressureLevel toLevel;
  private final long timestampMillis;
  private final double oldGenOccupancyRatio;
  private final double gcTimeRatio;

  @JsonCreator
  public PressureLevelChangedEvent(
      @JsonProperty("executorId") String executorId,
      @JsonProperty("fromLevel") PressureLevel fromLevel,
      @JsonProperty("toLevel") PressureLevel toLevel,
      @JsonProperty("timestampMillis") long timestampMillis,
      @JsonProperty("oldGenOccupancyRatio") double oldGenOccupancyRatio,
      @JsonProperty("gcTimeRatio") double gcTimeRatio) {
    this.executorId = Objects.requireNonNull(executorId, "executorId");
    this.fromLevel = Objects.requireNonNull(fromLevel, "fromLevel");
    this.toLevel = Objects.requireNonNull(toLevel, "toLevel");
    this.timestampMillis = timestampMillis;
    this.oldGenOccupancyRatio = oldGenOccupancyRatio;
    this.gcTimeRatio = gcTimeRatio;
  }

  /** The event for a message received from an executor. */
  public static PressureLevelChangedEvent of(PressureLevelChanged m) {
    return new PressureLevelChangedEvent(m.executorId(), m.from(), m.to(), m.timestampMillis(),
        m.oldGenOccupancyRatio(), m.gcTimeRatio());
  }

  public String getExecutorId() {
    return executorId;
  }

  public PressureLevel getFromLevel() {
    return fromLevel;
  }

  public PressureLevel getToLevel() {
    return toLevel;
  }

  public long getTimestampMillis() {
    return timestampMillis;
  }

  public double getOldGenOccupancyRatio() {
    return oldGenOccupancyRatio;
  }

  public double getGcTimeRatio() {
    return gcTimeRatio;
  }

  /** True: pressure changes are rare and worth keeping in the event log. */
  @Override
  public boolean logEvent() {
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PressureLevelChangedEvent e
        && executorId.equals(e.executorId) && fromLevel == e.fromLevel && toLevel == e.toLevel
        && timestampMillis == e.timestampMillis
        && Double.compare(oldGenOccupancyRatio, e.oldGenOccupancyRatio) == 0
        && Double.compare(gcTimeRatio, e.gcTimeRatio) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(executorId, fromLevel, toLevel, timestampMillis, oldGenOccupancyRatio, gcTimeRatio);
  }

  @Override
  public String toString() {
    return "PressureLevelChangedEvent[executor " + executorId + ", " + fromLevel + " -> " + toLevel
        + " at " + timestampMillis + ", oldGen " + oldGenOccupancyRatio + ", gcTime " + gcTimeRatio + "]";
  }
}

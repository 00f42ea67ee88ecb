package io.spillway.runtime;

import io.spillway.runtime.pressure.PressureLevel;
import java.io.Serializable;
import java.util.Objects;

/**
 * Executor → driver message: an executor's pressure level changed. Sent with
 * {@code PluginContext.send} (fire and forget), so it carries everything the driver logs and records.
 *
 * @param executorId the sending executor
 * @param from the level before
 * @param to the level after
 * @param timestampMillis wall-clock time of the change on the executor (epoch millis)
 * @param oldGenOccupancyRatio post-GC old-generation occupancy at the change
 * @param gcTimeRatio GC-time share of the window at the change
 */
public record PressureLevelChanged(
    String executorId,
    PressureLevel from,
    PressureLevel to,
    long timestampMillis,
    double oldGenOccupancyRatio,
    double gcTimeRatio) implements Serializable {

  private static final long serialVersionUID = 1L;

  public PressureLevelChanged {
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}

package io.spillway.runtime;

import io.spillway.runtime.pressure.PressureLevel;
import java.io.Serializable;
import java.util.Objects;

/**
 * Executor → driver message: a pressure action engaged or was undone. Sent with
 * {@code PluginContext.send} (fire and forget), like {@link PressureLevelChanged}.
 *
 * @param executorId the sending executor
 * @param action the action's name, e.g. {@code "storageDemotion"}
 * @param level the pressure level the action reacted to
 * @param engaged true when the action took effect, false when it was undone (pressure fell)
 * @param detail what it did, with amounts (e.g. {@code "storage pool 64.0 MiB -> 32.0 MiB"})
 * @param timestampMillis wall-clock time on the executor (epoch millis)
 */
public record PressureActionTaken(
    String executorId, String action, PressureLevel level, boolean engaged, String detail, long timestampMillis)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public PressureActionTaken {
    Objects.requireNonNull(executorId, "executorId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(detail, "detail");
  }
}

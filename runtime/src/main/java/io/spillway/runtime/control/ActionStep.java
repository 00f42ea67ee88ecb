package io.spillway.runtime.control;

import java.util.Objects;

/**
 * What one action did on one level change: engaged (took effect, counted in its activations metric) or
 * undone (relaxed as pressure fell), with a detail that names the amounts.
 *
 * @param engaged true when the action took effect, false when it was (partly) undone
 * @param detail what it did, e.g. {@code "storage pool 64.0 MiB -> 32.0 MiB (region 64.0 MiB)"}
 */
public record ActionStep(boolean engaged, String detail) {

  public ActionStep {
    Objects.requireNonNull(detail, "detail");
  }

  public static ActionStep engaged(String detail) {
    return new ActionStep(true, detail);
  }

  public static ActionStep undone(String detail) {
    return new ActionStep(false, detail);
  }
}

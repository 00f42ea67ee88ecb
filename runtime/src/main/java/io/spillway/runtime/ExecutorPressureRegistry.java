package io.spillway.runtime;

import io.spillway.runtime.pressure.PressureLevel;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Driver-side view of every executor's latest pressure level, fed by {@link PressureLevelChanged}
 * messages. Thread-safe. An executor never heard from is NORMAL. Read through
 * {@link SpillwayRuntime#driverRegistry()}; nothing schedules by it yet.
 */
public final class ExecutorPressureRegistry {

  private final ConcurrentHashMap<String, PressureLevelChanged> latest = new ConcurrentHashMap<>();

  /**
   * Records {@code change} unless a later one (by executor timestamp) is already known for that
   * executor; returns whether it was recorded. Why the guard: one executor's messages arrive in order
   * over one endpoint, but a replayed or delayed message must not roll the level back.
   */
  public boolean record(PressureLevelChanged change) {
    PressureLevelChanged kept = latest.merge(change.executorId(), change,
        (old, neu) -> neu.timestampMillis() >= old.timestampMillis() ? neu : old);
    return kept == change;
  }

  /** The executor's current level; NORMAL if it never reported. */
  public PressureLevel level(String executorId) {
    PressureLevelChanged c = latest.get(executorId);
    return c == null ? PressureLevel.NORMAL : c.to();
  }

  /** The last change recorded for the executor, if any. */
  public Optional<PressureLevelChanged> latest(String executorId) {
    return Optional.ofNullable(latest.get(executorId));
  }

  /** Every reporting executor's current level, sorted by executor id. */
  public Map<String, PressureLevel> levels() {
    Map<String, PressureLevel> out = new TreeMap<>();
    latest.forEach((id, c) -> out.put(id, c.to()));
    return out;
  }

  /** Forgets an executor (it was removed); its level reads NORMAL again. */
  public void remove(String executorId) {
    latest.remove(executorId);
  }
}

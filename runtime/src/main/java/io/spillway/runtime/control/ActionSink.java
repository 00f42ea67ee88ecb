package io.spillway.runtime.control;

import io.spillway.runtime.pressure.PressureLevel;

/**
 * Where the controller reports each {@link ActionStep}: on an executor, a log line plus a
 * {@code PressureActionTaken} message to the driver, which posts it to the event log. Called on the
 * action thread; must not block (use {@code PluginContext.send}, never {@code ask}).
 */
@FunctionalInterface
public interface ActionSink {

  void report(String action, PressureLevel level, ActionStep step);
}

package io.spillway.runtime.config;

/**
 * The Spillway UI tab's settings ({@code spark.spillway.ui.*}).
 * Declared here and registered with {@link SpillwayConf}, which validates, lists and documents every key.
 */
public final class UiKeys {

  private static final String PREFIX = SpillwayConf.PREFIX;
  private static final KeyGroup KEYS = new KeyGroup();

  /** Whether the driver plugin adds a Spillway tab to the live Spark UI (docs/ui.md). */
  public static final ConfigEntry<Boolean> UI_ENABLED = KEYS.add(
      ConfigEntry.bool(PREFIX + "ui.enabled", true)
          .doc("A Spillway tab in the live Spark UI: per-executor pressure timeline, actions, per-shuffle hot keys, "
              + "per-stage spill and tiered-store figures, effective settings, and its JSON form under /spillway/json. "
              + "The History Server shows the same tab, rebuilt from the event log, when this jar is on its class path "
              + "(not governed by this key).")
          .build());

  private UiKeys() {}

  static KeyGroup keys() {
    return KEYS;
  }
}

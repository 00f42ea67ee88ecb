package io.spillway.runtime.ui;

import java.util.HashMap;
import java.util.Map;

/**
 * One shared copy of each short, repeating string the tab keeps (executor ids, action names): every event arrives
 * deserialized with its own copies, and a thousand actions would otherwise hold a thousand copies of "1" and
 * "fetchThrottle". Bounded, so an application with unusual names cannot grow it without end: past
 * {@link #MAX_NAMES} a string is kept as it came. Not thread-safe: the listener serializes access.
 */
final class Names {

  /** Distinct strings shared at most: far more executors and action names than one page draws. */
  static final int MAX_NAMES = 4_096;

  private final Map<String, String> shared = new HashMap<>();

  /** The shared copy of {@code s} (null stays null). */
  String of(String s) {
    if (s == null) {
      return null;
    }
    String known = shared.get(s);
    if (known != null) {
      return known;
    }
    if (shared.size() < MAX_NAMES) {
      shared.put(s, s);
    }
    return s;
  }
}

package io.spillway.runtime.pressure;

/**
 * A monotonic clock in nanoseconds. Injected so that windows and dwell times are tested by setting
 * the time, not by sleeping.
 */
@FunctionalInterface
public interface NanoClock {

  /** The current time in nanoseconds; only differences are meaningful (like {@link System#nanoTime()}). */
  long nanoTime();

  /** The JVM's {@link System#nanoTime()}. */
  static NanoClock system() {
    return System::nanoTime;
  }
}

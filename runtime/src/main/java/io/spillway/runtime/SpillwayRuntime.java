package io.spillway.runtime;

import io.spillway.runtime.control.FetchThrottle;
import io.spillway.runtime.control.TaskCheckpoint;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureMonitor;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one static entry point other Spillway modules use to read what the plugin set up in this JVM.
 *
 * <p>Why static: Spark instantiates the plugin and the shuffle manager itself, by class name, so they
 * cannot be handed references to each other. The plugin installs its monitor here in {@code init}
 * (plugins start before the shuffle manager, see SPARK-45762) and removes it in {@code shutdown}.
 * Without a running plugin every reader gets NORMAL, so modules work (without pressure awareness)
 * when the plugin is not configured.
 */
public final class SpillwayRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(SpillwayRuntime.class);

  private static final AtomicReference<PressureMonitor> MONITOR = new AtomicReference<>();
  private static final AtomicReference<ExecutorPressureRegistry> DRIVER_REGISTRY = new AtomicReference<>();
  private static final AtomicReference<FetchThrottle> FETCH_THROTTLE = new AtomicReference<>();
  private static final AtomicReference<DriverChannel> DRIVER_CHANNEL = new AtomicReference<>();
  private static final AtomicReference<TaskCheckpoint> TASK_CHECKPOINT = new AtomicReference<>(TaskCheckpoint.NONE);

  private SpillwayRuntime() {}

  /** This executor's pressure now (re-evaluated on read); {@link PressureSnapshot#IDLE} if no monitor runs. */
  public static PressureSnapshot pressure() {
    PressureMonitor m = MONITOR.get();
    return m == null ? PressureSnapshot.IDLE : m.current();
  }

  /**
   * The level of the monitor's last evaluation, without re-evaluating or locking: cheap enough for a
   * task's record path. NORMAL if no monitor runs.
   */
  public static PressureLevel lastPressureLevel() {
    PressureMonitor m = MONITOR.get();
    return m == null ? PressureLevel.NORMAL : m.lastSnapshot().level();
  }

  /** Shorthand for {@code pressure().level()}. */
  public static PressureLevel pressureLevel() {
    return pressure().level();
  }

  /** The running monitor, to add a {@code PressureListener}; empty if the plugin is off or disabled. */
  public static Optional<PressureMonitor> monitor() {
    return Optional.ofNullable(MONITOR.get());
  }

  /**
   * The level at which shuffle reads should lower their fetch limits, as last engaged by the control
   * loop's fetch throttle; NORMAL (no throttling) when the control loop or its fetch throttle is off.
   */
  public static PressureLevel fetchThrottleLevel() {
    FetchThrottle t = FETCH_THROTTLE.get();
    return t == null ? PressureLevel.NORMAL : t.level();
  }

  /**
   * The control loop's per-record hook for the calling task ({@link TaskCheckpoint#NONE} when the control
   * loop or its execution balloon is off). Read it once per read or write, call it per record.
   */
  public static TaskCheckpoint taskCheckpoint() {
    return TASK_CHECKPOINT.get();
  }

  /** On the driver: every executor's latest level; empty if the driver plugin is not running here. */
  public static Optional<ExecutorPressureRegistry> driverRegistry() {
    return Optional.ofNullable(DRIVER_REGISTRY.get());
  }

  /**
   * On an executor: sends {@code message} to the driver plugin, fire-and-forget.
   *
   * @return false if no executor plugin runs in this JVM (then nothing is sent), or the send failed
   */
  public static boolean sendToDriver(java.io.Serializable message) {
    DriverChannel channel = DRIVER_CHANNEL.get();
    if (channel == null) {
      return false;
    }
    try {
      channel.send(message);
      return true;
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn("Could not send {} to the Spillway driver plugin", message.getClass().getSimpleName(), e);
      return false;
    }
  }

  /** The executor plugin's line to the driver plugin ({@code PluginContext.send}). */
  @FunctionalInterface
  interface DriverChannel {
    void send(Object message) throws java.io.IOException;
  }

  static void installDriverChannel(DriverChannel channel) {
    DRIVER_CHANNEL.set(channel);
  }

  static void uninstallDriverChannel() {
    DRIVER_CHANNEL.set(null);
  }

  static void install(PressureMonitor monitor) {
    PressureMonitor previous = MONITOR.getAndSet(monitor);
    if (previous != null && previous != monitor) {
      LOG.warn("A second Spillway pressure monitor was installed in this JVM; the previous one is no longer read");
    }
  }

  static void uninstall(PressureMonitor monitor) {
    MONITOR.compareAndSet(monitor, null);
  }

  static void installFetchThrottle(FetchThrottle throttle) {
    FETCH_THROTTLE.set(throttle);
  }

  static void uninstallFetchThrottle() {
    FETCH_THROTTLE.set(null);
  }

  static void installTaskCheckpoint(TaskCheckpoint checkpoint) {
    TASK_CHECKPOINT.set(checkpoint);
  }

  static void uninstallTaskCheckpoint() {
    TASK_CHECKPOINT.set(TaskCheckpoint.NONE);
  }

  static void installDriverRegistry(ExecutorPressureRegistry registry) {
    DRIVER_REGISTRY.set(registry);
  }

  static void uninstallDriverRegistry(ExecutorPressureRegistry registry) {
    DRIVER_REGISTRY.compareAndSet(registry, null);
  }
}

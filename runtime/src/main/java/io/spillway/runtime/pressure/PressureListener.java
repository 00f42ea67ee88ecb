package io.spillway.runtime.pressure;

/**
 * Told about every level change. This is the seam for whatever reacts to pressure (the driver report
 * today; a controller that shrinks buffers later).
 *
 * <p>Contract: called under the monitor's lock, in order, on the thread that observed the change (the
 * JMX notification thread or a reader calling {@link PressureMonitor#current()}). It must return
 * quickly and never block; a {@code RuntimeException} it throws is logged and does not stop other
 * listeners or the monitor.
 */
@FunctionalInterface
public interface PressureListener {

  void onLevelChange(PressureChange change);
}

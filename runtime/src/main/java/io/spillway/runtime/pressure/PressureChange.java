package io.spillway.runtime.pressure;

/**
 * A level transition, as delivered to {@link PressureListener}s.
 *
 * @param from the level before
 * @param to the level after (never equal to {@code from})
 * @param atNanos when it changed, on the monitor's clock
 * @param signals the measurements that caused it
 */
public record PressureChange(PressureLevel from, PressureLevel to, long atNanos, PressureSignals signals) {}

/**
 * The driver plugin's feature registry: {@link io.spillway.runtime.driver.DriverFeature} (one feature's driver
 * half) and {@link io.spillway.runtime.driver.DriverMessageHandlers} (message type to handler), so that the
 * plugin dispatches executor messages without naming any feature.
 */
package io.spillway.runtime.driver;

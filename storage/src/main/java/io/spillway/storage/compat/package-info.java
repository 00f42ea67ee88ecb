/**
 * The storage module's one seam to Spark internals: every call from the storage module into a Spark member that
 * is internal by {@code bin/spillway audit}'s rule ({@code private[spark]}, {@code @Private} or without an API
 * marker, and not one of the documented API classes the audit names) lives in this package, one small class per
 * call site family. The calls here are the same on 4.0.4, 4.1.3 and 4.2.0, so each is a plain call; when a line
 * changes one, its per-line shim goes here, chosen once at start as the shuffle-manager's seam does.
 *
 * <ul>
 *   <li>{@link io.spillway.storage.compat.SparkSpillFiles}: Spark's temp-local blocks and spill stream wrapping.</li>
 *   <li>{@link io.spillway.storage.compat.SerializationDebuggerCompat}: Spark's serialization-path diagnosis.</li>
 * </ul>
 * Task metrics and the I/O-encryption check go through the runtime module's seam
 * ({@code io.spillway.runtime.compat.TaskMetricsCompat}, {@code SparkEnvCompat}).
 */
package io.spillway.storage.compat;

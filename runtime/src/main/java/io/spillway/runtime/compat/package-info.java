/**
 * Every call from the runtime module into a Spark-version-sensitive internal goes through this package,
 * one small class per seam, each naming the Spark change it tracks. When Spark moves, only these change.
 *
 * <ul>
 *   <li>{@link io.spillway.runtime.compat.UnmanagedMemoryCompat}: {@code UnifiedMemoryManager.registerUnmanagedMemoryConsumer}
 *       and the {@code UnmanagedMemoryConsumer} trait, new in Spark 4.1; absent in 4.0.</li>
 *   <li>{@link io.spillway.runtime.compat.MemoryPoolsCompat}: moving bytes between the on-heap storage and
 *       execution pools (public in bytecode) and the private
 *       {@code onHeapStorageRegionSize} field of {@code UnifiedMemoryManager} (reflection).</li>
 *   <li>{@link io.spillway.runtime.compat.SchedulerCompat}: taking an executor that is about to exit out of
 *       the scheduler's offers ({@code CoarseGrainedSchedulerBackend.decommissionExecutors}).</li>
 * </ul>
 */
package io.spillway.runtime.compat;

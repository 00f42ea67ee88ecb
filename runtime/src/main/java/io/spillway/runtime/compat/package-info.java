/**
 * The runtime module's one seam to Spark internals: every reference from the runtime module to a Spark member
 * that is internal or differs between the supported lines lives in this package, one small class per seam,
 * each naming the Spark change it tracks. When Spark moves, only these change. "Internal" is the rule
 * {@code bin/spillway audit} enforces (written out in {@code io.spillway.shuffle.compat}'s package doc): not a
 * marked or documented API class, or a {@code private[spark]} member of one.
 *
 * <h2>How a version difference is resolved: detected once, by presence</h2>
 * {@link io.spillway.runtime.compat.SparkVersion#running()} reads the running Spark's version once; it decides
 * safe mode (a line outside 4.0–4.2) for the plugin and the shuffle manager. A feature that exists only on
 * some lines is detected once by looking its classes and methods up
 * ({@link io.spillway.runtime.compat.UnmanagedMemoryCompat#available()}), and the code that names them lives in
 * a class loaded only after that check said yes ({@code SparkUnmanagedMemory}). Presence rather than version
 * numbers: it is what linking needs, and a backport or vendor build is handled right. No method handles: the
 * one 4.1 API here is an interface Spillway implements, which a handle cannot express.
 *
 * <ul>
 *   <li>{@link io.spillway.runtime.compat.SparkVersion}: the running version, the supported range, the
 *       safe-mode WARN.</li>
 *   <li>{@link io.spillway.runtime.compat.UnmanagedMemoryCompat}: {@code UnifiedMemoryManager.registerUnmanagedMemoryConsumer}
 *       and the {@code UnmanagedMemoryConsumer} trait, new in Spark 4.1; absent in 4.0, where the unmanaged-heap
 *       action turns itself off with one WARN.</li>
 *   <li>{@link io.spillway.runtime.compat.MemoryPoolsCompat}: moving bytes between the on-heap storage and
 *       execution pools (public in bytecode, same on 4.0–4.2) and the private
 *       {@code onHeapStorageRegionSize} field of {@code UnifiedMemoryManager} (reflection).</li>
 *   <li>{@link io.spillway.runtime.compat.SchedulerCompat}: taking an executor that is about to exit out of
 *       the scheduler's offers ({@code CoarseGrainedSchedulerBackend.decommissionExecutors}).</li>
 *   <li>{@link io.spillway.runtime.compat.MemoryPools}: the executor's {@code UnifiedMemoryManager} as the
 *       control actions hold it, over {@code MemoryPoolsCompat}.</li>
 *   <li>{@link io.spillway.runtime.compat.TaskMetricsCompat}: the {@code private[spark]} task-metrics updates
 *       (spills, peak memory, shuffle-read and write metrics), for the storage and shuffle modules too.</li>
 *   <li>{@link io.spillway.runtime.compat.TaskContextCompat}: {@code TaskContext.taskMemoryManager} and
 *       {@code markInterrupted}.</li>
 *   <li>{@link io.spillway.runtime.compat.ListenerBusCompat}: posting to the driver's listener bus and a
 *       stage's shuffle id.</li>
 *   <li>{@link io.spillway.runtime.compat.SparkEnvCompat}: whether I/O encryption is on.</li>
 *   <li>{@link io.spillway.runtime.compat.ConfigUnitsCompat}: Spark's size and duration parsers.</li>
 *   <li>{@link io.spillway.runtime.compat.SparkUiCompat}: the Spillway tab ({@code SparkUI}, {@code SparkUITab},
 *       {@code WebUIPage}, Scala {@code private[spark]}); {@code UIUtils.headerSparkPage} gained an eighth
 *       parameter in 4.2, so the one the running Spark has is looked up by name and called with its Scala
 *       defaults.</li>
 *   <li>{@link io.spillway.runtime.compat.SpillwayHistoryServerPlugin}: the same tab in the History Server
 *       ({@code AppHistoryServerPlugin}, {@code ElementTrackingStore}).</li>
 * </ul>
 */
package io.spillway.runtime.compat;

/**
 * The pressure control loop: turns the monitor's level into actions that make Spark give memory back
 * before the heap fills, and undoes them as pressure falls.
 *
 * <h2>Overview</h2>
 * {@link io.spillway.runtime.control.PressureController} is a {@code PressureListener}. Each level change
 * is handed to a single action thread, where every enabled
 * {@link io.spillway.runtime.control.PressureAction} sees it in order and returns an
 * {@link io.spillway.runtime.control.ActionStep} if it did something. Each step is counted
 * ({@code control.<name>.activations}), reflected in a gauge ({@code control.<name>.state}) and reported
 * through an {@link io.spillway.runtime.control.ActionSink} (on executors: a message to the driver,
 * which posts {@code io.spillway.runtime.PressureActionEvent} to the event log).
 *
 * <p>Everything is behind {@code spark.spillway.control.enabled} (default true: at no pressure no action
 * engages), plus one switch per action. With the master switch off no controller or action is built and
 * nothing here runs.
 *
 * <h2>Actions</h2>
 * <ul>
 *   <li>{@link io.spillway.runtime.control.FetchThrottle} (ELEVATED+): publishes the level at which the
 *       shuffle reader lowers its fetch limits.</li>
 *   <li>{@link io.spillway.runtime.control.UnmanagedHeapReporter} (ELEVATED+): reports heap Spark does
 *       not account for as Spark 4.1 unmanaged memory, shrinking Spark's pools.</li>
 *   <li>{@link io.spillway.runtime.control.StorageDemotion} (HIGH+): evicts cached blocks and moves the
 *       storage pool toward execution; restores it (never above the configured region) below HIGH.</li>
 *   <li>{@link io.spillway.runtime.control.ExecutionBalloon} (HIGH+): tasks starting under pressure reserve
 *       part of their execution share in a {@link io.spillway.runtime.control.BalloonConsumer}, so their
 *       consumers spill earlier; released at task end (below HIGH without {@code keepUntilTaskEnd}).</li>
 *   <li>{@link io.spillway.runtime.control.AdmissionGate} (CRITICAL): a starting task waits, bounded, while
 *       other tasks run; if CRITICAL lasts {@code admission.killAfter}, the youngest running task is
 *       interrupted so Spark retries it later.</li>
 * </ul>
 * Acting on enter and undoing on a drop below the level is enough hysteresis: the monitor already
 * uses lower exit thresholds and a minimum dwell, so a level does not flap.
 *
 * <h2>Threads and lock order</h2>
 * Locks involved, outermost first:
 * <ol>
 *   <li>the monitor's lock (held while listeners run, on the GC notification thread or a reader's);</li>
 *   <li>{@code TaskMemoryManager} (held by Spark while it asks consumers to spill);</li>
 *   <li>the {@code MemoryManager} (Spark's pools lock on it; eviction runs under it).</li>
 * </ol>
 * Rules that keep this acyclic:
 * <ul>
 *   <li>Under the monitor's lock the controller only records the level and enqueues; it takes no other
 *       lock and never blocks. The GC notification thread never touches Spark's locks.</li>
 *   <li>Actions run on the controller's single action thread, which holds no Spillway lock while it
 *       takes the {@code MemoryManager} lock (through {@code io.spillway.runtime.compat}). An action must
 *       never take the {@code MemoryManager} lock while holding a lock of its own: Spark can call
 *       Spillway code (a consumer's {@code spill}, the unmanaged-memory poller) while holding that lock
 *       or the task's, and a lock of ours taken on both sides would deadlock.</li>
 *   <li>Code Spark calls into never takes the monitor's lock or holds one of ours: a {@code spill()}
 *       (called under the task's {@code TaskMemoryManager} lock) reads volatile state only;
 *       {@code getMemBytesUsed} (Spark's unmanaged-memory poller thread, which holds no Spark lock) takes
 *       the {@code MemoryManager} lock briefly to read pool usage, and nothing else.</li>
 *   <li>Task hooks run on the task thread and do not block, except the admission gate's, which waits on
 *       its own lock (released while waiting) before the task runs, holding no Spark lock. The balloon is
 *       released from the action thread without the {@code TaskMemoryManager} lock, because a task
 *       waiting for execution memory holds that lock while it waits.</li>
 * </ul>
 */
package io.spillway.runtime.control;

package io.spillway.runtime.control;

import io.spillway.runtime.compat.UnmanagedMemoryCompat.Registration;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Tells Spark about heap it does not account for — user code's maps, mis-estimated records, libraries —
 * so {@code UnifiedMemoryManager} shrinks execution and storage by that much (Spark 4.1's unmanaged
 * memory consumers) and its tasks spill before the heap fills.
 *
 * <p>Arithmetic: {@code unmanaged = max(0, oldGenUsedAfterLastGc − (Spark on-heap execution used +
 * storage used))}. Old gen after a GC is a lower bound of the live heap (young-generation objects are
 * not in it), and Spark's accounting counts everything it holds wherever it lives, so the difference
 * under-estimates user memory rather than over-estimating it: a conservative signal.
 *
 * <p>Levels: reports from {@link #ACTIVE_FROM} up, and 0 below it, so at NORMAL Spark's pools are
 * exactly stock. Spark polls {@link #unmanagedBytes()} only when
 * {@code spark.memory.unmanagedMemoryPollingInterval} &gt; 0, which {@code conf/spark-defaults.conf}
 * must set; without it the report is computed but ignored. State gauge: the last reported bytes.
 */
public final class UnmanagedHeapReporter implements PressureAction {

  /** Lowest level at which the report is non-zero: user memory matters as soon as the old gen fills. */
  public static final PressureLevel ACTIVE_FROM = PressureLevel.ELEVATED;

  /** Spark's view of its own on-heap use, and the old-gen reading; faked in tests. */
  public interface HeapView {
    /** Old-generation bytes used after the latest collection. */
    long oldGenUsedAfterGcBytes();

    /** Spark's on-heap execution plus storage memory in use. */
    long sparkOnHeapUsedBytes();

    /** The most that may be reported without stalling Spark's execution pool (see {@code MemoryPoolsCompat}). */
    default long unmanagedCeilingBytes() {
      return Long.MAX_VALUE;
    }

    /** Wakes tasks waiting for execution memory, after the report changed. */
    default void wakeExecutionWaiters() {}
  }

  /** Registers a supplier with Spark; {@code UnmanagedMemoryCompat::registerOnHeap} in production. */
  public interface Registrar {
    Registration register(String instanceKey, LongSupplier onHeapBytes);
  }

  private final HeapView view;
  private final Registrar registrar;
  private volatile boolean active;
  private volatile long lastReportedBytes;
  private volatile Registration registration;

  public UnmanagedHeapReporter(HeapView view, Registrar registrar) {
    this.view = view;
    this.registrar = registrar;
  }

  /** The unmanaged bytes for an old-gen reading and Spark's own use; never negative. */
  static long unmanagedBytes(long oldGenUsedAfterGcBytes, long sparkOnHeapUsedBytes) {
    return Math.max(0L, oldGenUsedAfterGcBytes - sparkOnHeapUsedBytes);
  }

  @Override
  public String name() {
    return "unmanagedHeap";
  }

  /** Registers on first activation (so a calm executor never touches Spark's registry), then toggles. */
  @Override
  public Optional<ActionStep> onLevel(PressureLevel level, PressureSnapshot snapshot) {
    boolean shouldReport = level.atLeast(ACTIVE_FROM);
    if (shouldReport == active) {
      return Optional.empty();
    }
    if (shouldReport && registration == null) {
      registration = registrar.register("heap-after-gc", this::unmanagedBytes);
    }
    active = shouldReport;
    long bytes = unmanagedBytes();
    return Optional.of(shouldReport
        ? ActionStep.engaged("reporting " + Bytes.mib(bytes) + " of heap Spark does not account for as unmanaged memory")
        : ActionStep.undone("reporting 0 bytes of unmanaged memory (pressure below " + ACTIVE_FROM + ")"));
  }

  /**
   * What Spark's poller reads: the current estimate while active, else 0, never above the view's ceiling
   * (a larger report can stall a task in Spark's execution pool forever). When the report changes,
   * tasks waiting for execution memory are woken to re-read their limits. Cheap; never blocks for long.
   */
  public long unmanagedBytes() {
    long bytes = active
        ? Math.min(unmanagedBytes(view.oldGenUsedAfterGcBytes(), view.sparkOnHeapUsedBytes()), view.unmanagedCeilingBytes())
        : 0L;
    long before = lastReportedBytes;
    lastReportedBytes = bytes;
    if (bytes != before) {
      view.wakeExecutionWaiters();
    }
    return bytes;
  }

  /** Bytes last reported to Spark. */
  @Override
  public long state() {
    return lastReportedBytes;
  }

  @Override
  public void close() {
    active = false;
    Registration r = registration;
    if (r != null) {
      r.close();
    }
  }
}

package io.spillway.runtime.compat;

import java.util.Optional;
import org.apache.spark.SparkEnv;
import org.apache.spark.memory.MemoryManager;
import org.apache.spark.memory.UnifiedMemoryManager;

/**
 * One executor's {@code UnifiedMemoryManager} ({@code MemoryManager} and {@code UnifiedMemoryManager} carry no API
 * marker), as Spillway's control actions see it: the on-heap pools they read and move bytes between. Every method
 * is a {@link MemoryPoolsCompat} call on the wrapped manager, which says how each locks and what it tracks.
 * Holds no state of its own: two instances over one manager are interchangeable.
 */
public final class MemoryPools {

  private final UnifiedMemoryManager manager;

  private MemoryPools(UnifiedMemoryManager manager) {
    this.manager = manager;
  }

  /** The pools of {@code manager}. */
  public static MemoryPools of(UnifiedMemoryManager manager) {
    return new MemoryPools(manager);
  }

  /**
   * This JVM's pools: {@code SparkEnv.get().memoryManager()}, empty before Spark has an environment or when
   * its memory manager is not a {@code UnifiedMemoryManager}.
   */
  public static Optional<MemoryPools> ofSparkEnv() {
    SparkEnv env = SparkEnv.get();
    MemoryManager mm = env == null ? null : env.memoryManager();
    return mm instanceof UnifiedMemoryManager u ? Optional.of(of(u)) : Optional.empty();
  }

  /** See {@link MemoryPoolsCompat#moveStorageToExecution}. */
  public long moveStorageToExecution(long bytes) {
    return MemoryPoolsCompat.moveStorageToExecution(manager, bytes);
  }

  /** See {@link MemoryPoolsCompat#moveExecutionToStorage}. */
  public long moveExecutionToStorage(long bytes, long ceilingBytes) {
    return MemoryPoolsCompat.moveExecutionToStorage(manager, bytes, ceilingBytes);
  }

  /** See {@link MemoryPoolsCompat#storagePoolBytes}. */
  public long storagePoolBytes() {
    return MemoryPoolsCompat.storagePoolBytes(manager);
  }

  /** See {@link MemoryPoolsCompat#unifiedBytes}. */
  public long unifiedBytes() {
    return MemoryPoolsCompat.unifiedBytes(manager);
  }

  /** See {@link MemoryPoolsCompat#unmanagedCeilingBytes}. */
  public long unmanagedCeilingBytes() {
    return MemoryPoolsCompat.unmanagedCeilingBytes(manager);
  }

  /** See {@link MemoryPoolsCompat#wakeExecutionWaiters}. */
  public void wakeExecutionWaiters() {
    MemoryPoolsCompat.wakeExecutionWaiters(manager);
  }

  /** See {@link MemoryPoolsCompat#onHeapUsedBytes}. */
  public long onHeapUsedBytes() {
    return MemoryPoolsCompat.onHeapUsedBytes(manager);
  }

  /** See {@link MemoryPoolsCompat#storageRegionBytes}. */
  public long storageRegionBytes() {
    return MemoryPoolsCompat.storageRegionBytes(manager);
  }
}

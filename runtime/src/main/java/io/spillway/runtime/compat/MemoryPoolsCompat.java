package io.spillway.runtime.compat;

import java.lang.reflect.Field;
import org.apache.spark.memory.ExecutionMemoryPool;
import org.apache.spark.memory.MemoryManager;
import org.apache.spark.memory.StorageMemoryPool;
import org.apache.spark.memory.UnifiedMemoryManager;

/**
 * Moves on-heap bytes between {@code UnifiedMemoryManager}'s storage and execution pools the way the
 * manager itself does, and reads its configured storage region.
 *
 * <p>Locking: the pools' lock is the memory manager itself, so every move runs inside
 * {@code synchronized (mm)}, exactly like {@code UnifiedMemoryManager.acquireExecutionMemory}. A move
 * keeps the manager's invariant (execution pool size + storage pool size == max heap memory) because it
 * decrements one pool and increments the other by the same amount inside one critical section. Callers
 * must not hold any lock of their own that a thread holding {@code mm} could want (see
 * {@code io.spillway.runtime.control}'s lock order).
 *
 * <p>Tracks: {@code MemoryPool.incrementPoolSize/decrementPoolSize}, {@code StorageMemoryPool.freeSpaceToShrinkPool}
 * (public in bytecode since Spark 1.6's unified memory manager) and the private constructor field
 * {@code UnifiedMemoryManager.onHeapStorageRegionSize} (unchanged 1.6 → 4.1; reflection).
 */
public final class MemoryPoolsCompat {

  /** The reflected field, looked up on first use and kept (a benign race: every lookup finds the same field). */
  private static volatile Field regionField;

  private MemoryPoolsCompat() {}

  /**
   * Shrinks the on-heap storage pool by up to {@code bytes}, evicting cached blocks (LRU; to disk if
   * their level allows, else dropped) when free storage does not cover it, and gives what was freed
   * to execution. May write evicted blocks to disk while holding {@code mm}, as Spark's own eviction
   * does. Returns the bytes moved (0 if {@code bytes <= 0}).
   *
   * <p>Wakes the tasks waiting in {@code ExecutionMemoryPool.acquireMemory} for their 1/2N minimum (they
   * wait on {@code mm}): Spark notifies them only when a task releases memory or starts, and a waiting
   * task cannot reclaim storage held within its region itself, so without the notify the bytes moved here
   * reach it only when another task happens to release.
   */
  public static long moveStorageToExecution(MemoryManager mm, long bytes) {
    if (bytes <= 0) {
      return 0L;
    }
    synchronized (mm) {
      StorageMemoryPool sp = mm.onHeapStorageMemoryPool();
      ExecutionMemoryPool ep = mm.onHeapExecutionMemoryPool();
      long freed = sp.freeSpaceToShrinkPool(Math.min(bytes, sp.poolSize()));
      sp.decrementPoolSize(freed);
      ep.incrementPoolSize(freed);
      if (freed > 0) {
        mm.notifyAll();
      }
      return freed;
    }
  }

  /**
   * Gives up to {@code bytes} of free execution memory back to the on-heap storage pool, never growing
   * it above {@code ceilingBytes}. Never evicts or spills: only memory no task holds moves. Returns the
   * bytes moved.
   */
  public static long moveExecutionToStorage(MemoryManager mm, long bytes, long ceilingBytes) {
    synchronized (mm) {
      StorageMemoryPool sp = mm.onHeapStorageMemoryPool();
      ExecutionMemoryPool ep = mm.onHeapExecutionMemoryPool();
      long grow = Math.min(Math.min(bytes, ceilingBytes - sp.poolSize()), ep.memoryFree());
      if (grow <= 0) {
        return 0L;
      }
      ep.decrementPoolSize(grow);
      sp.incrementPoolSize(grow);
      return grow;
    }
  }

  /** On-heap storage pool size, read under {@code mm}. */
  public static long storagePoolBytes(MemoryManager mm) {
    synchronized (mm) {
      return mm.onHeapStorageMemoryPool().poolSize();
    }
  }

  /** On-heap execution pool size plus storage pool size: Spark's unified (max heap) memory, read under {@code mm}. */
  public static long unifiedBytes(MemoryManager mm) {
    synchronized (mm) {
      return mm.onHeapExecutionMemoryPool().poolSize() + mm.onHeapStorageMemoryPool().poolSize();
    }
  }

  /**
   * The most unmanaged on-heap memory Spark can be told about without its execution pool livelocking:
   * {@code ExecutionMemoryPool.acquireMemory} waits, without a timeout, while a task holds less than
   * {@code poolSize / 2N} and may grant no more — and the most it may grant shrinks by the unmanaged
   * report ({@code computeMaxExecutionPoolSize}, Spark 4.1) while the minimum does not. Keeping the report
   * at most {@code (unified − storage used) / 2} keeps the grantable maximum at or above that minimum.
   */
  public static long unmanagedCeilingBytes(MemoryManager mm) {
    synchronized (mm) {
      long unified = mm.onHeapExecutionMemoryPool().poolSize() + mm.onHeapStorageMemoryPool().poolSize();
      return Math.max(0L, (unified - mm.onHeapStorageMemoryPool().memoryUsed()) / 2);
    }
  }

  /**
   * Wakes tasks waiting in {@code ExecutionMemoryPool.acquireMemory} so they re-read the limits: Spark
   * notifies them only when memory is released or a task starts, not when the unmanaged report changes.
   */
  public static void wakeExecutionWaiters(MemoryManager mm) {
    synchronized (mm) {
      mm.notifyAll();
    }
  }

  /** On-heap execution plus storage memory in use (bytes Spark accounts for), read under {@code mm}. */
  public static long onHeapUsedBytes(MemoryManager mm) {
    synchronized (mm) {
      return mm.onHeapExecutionMemoryPool().memoryUsed() + mm.onHeapStorageMemoryPool().memoryUsed();
    }
  }

  /**
   * The configured on-heap storage region ({@code maxMemory × spark.memory.storageFraction}): the size
   * storage is protected up to and the ceiling Spillway restores it to.
   *
   * @throws IllegalStateException if the field is gone (a Spark version this shim does not know)
   */
  public static long storageRegionBytes(UnifiedMemoryManager mm) {
    try {
      return regionField().getLong(mm);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("Cannot read UnifiedMemoryManager.onHeapStorageRegionSize on this Spark version", e);
    }
  }

  private static Field regionField() throws NoSuchFieldException {
    Field f = regionField;
    if (f == null) {
      f = UnifiedMemoryManager.class.getDeclaredField("onHeapStorageRegionSize");
      f.setAccessible(true);
      regionField = f;
    }
    return f;
  }
}

package io.spillway.runtime.control;

import io.spillway.runtime.compat.MemoryPools;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * At HIGH and above, evicts cached blocks and hands the storage pool's bytes to execution; as pressure
 * falls, gives them back, never growing storage above its configured region.
 *
 * <p>Why: cached blocks are the one large heap user Spark can drop on its own terms — a
 * {@code MEMORY_AND_DISK} block goes to disk, a {@code MEMORY_ONLY} block is dropped and recomputed
 * when read — whereas an {@code OutOfMemoryError} loses the executor and every block on it.
 *
 * <p>Sizing: the storage pool's target is {@code region × ratio(level)}: {@code highRetainRatio} (0.5) at
 * HIGH, {@code criticalRetainRatio} (0) at CRITICAL, the whole region below HIGH. Shrinking uses
 * {@code StorageMemoryPool.freeSpaceToShrinkPool} (free storage first, then LRU eviction, all-or-nothing
 * per call) and moves what was freed to execution in one critical section on the memory manager, so
 * {@code UnifiedMemoryManager}'s invariant (execution pool + storage pool == max heap memory) holds at
 * every step. Restoring moves only free execution memory and at most the bytes this action took; what a
 * task still holds is retried when a task ends ({@link #wantsRetry()}). Once the pool is back at its
 * target the debt is cleared, even if storage had borrowed beyond its region before the demotion.
 *
 * <p>Not undone: the evicted blocks themselves (they come back when read). State gauge: the bytes
 * currently lent to execution.
 */
public final class StorageDemotion implements PressureAction {

  private final Supplier<Optional<MemoryPools>> memoryManager;
  private final double highRetainRatio;
  private final double criticalRetainRatio;
  /** Bytes this action moved from storage to execution and has not given back; written on the action thread. */
  private volatile long lentBytes;
  private volatile PressureLevel lastLevel = PressureLevel.NORMAL;

  /**
   * @param memoryManager the executor's memory manager, once {@code SparkEnv} has one (empty before, or
   *     when it is not a {@code UnifiedMemoryManager}: then this action does nothing)
   * @param highRetainRatio share of the storage region kept at HIGH, in [0, 1]
   * @param criticalRetainRatio share kept at CRITICAL, at most {@code highRetainRatio}
   */
  public StorageDemotion(Supplier<Optional<MemoryPools>> memoryManager, double highRetainRatio,
      double criticalRetainRatio) {
    if (!(0.0 <= criticalRetainRatio && criticalRetainRatio <= highRetainRatio && highRetainRatio <= 1.0)) {
      throw new IllegalArgumentException("retain ratios must satisfy 0 <= critical (" + criticalRetainRatio
          + ") <= high (" + highRetainRatio + ") <= 1");
    }
    this.memoryManager = memoryManager;
    this.highRetainRatio = highRetainRatio;
    this.criticalRetainRatio = criticalRetainRatio;
  }

  @Override
  public String name() {
    return "storageDemotion";
  }

  /** The storage pool size this action aims for at {@code level}, given the configured region. */
  long targetBytes(PressureLevel level, long regionBytes) {
    if (level.atLeast(PressureLevel.CRITICAL)) {
      return (long) (regionBytes * criticalRetainRatio);
    }
    if (level.atLeast(PressureLevel.HIGH)) {
      return (long) (regionBytes * highRetainRatio);
    }
    return regionBytes;
  }

  @Override
  public Optional<ActionStep> onLevel(PressureLevel level, PressureSnapshot snapshot) {
    lastLevel = level;
    Optional<MemoryPools> found = memoryManager.get();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    MemoryPools mm = found.get();
    long region = mm.storageRegionBytes();
    long target = targetBytes(level, region);
    long before = mm.storagePoolBytes();
    if (level.atLeast(PressureLevel.HIGH) && before > target) {
      long moved = mm.moveStorageToExecution(before - target);
      if (moved <= 0) {
        return Optional.empty();
      }
      lentBytes += moved;
      return Optional.of(ActionStep.engaged("storage pool " + Bytes.mib(before) + " -> " + Bytes.mib(before - moved)
          + " (target " + Bytes.mib(target) + ", region " + Bytes.mib(region) + "): " + Bytes.mib(moved)
          + " to execution, cached blocks evicted beyond free storage"));
    }
    if (lentBytes > 0 && before < target) {
      long back = mm.moveExecutionToStorage(Math.min(lentBytes, target - before), target);
      if (back <= 0) {
        return Optional.empty();
      }
      // At the target (the region below HIGH) nothing more is owed: storage had borrowed beyond it.
      lentBytes = before + back >= target ? 0L : lentBytes - back;
      return Optional.of(ActionStep.undone("storage pool " + Bytes.mib(before) + " -> " + Bytes.mib(before + back)
          + " (target " + Bytes.mib(target) + "), " + Bytes.mib(lentBytes) + " still lent to execution"));
    }
    return Optional.empty();
  }

  /** Bytes lent to execution and not yet given back. */
  @Override
  public long state() {
    return lentBytes;
  }

  /** An unfinished restore below HIGH: retry when a task ends and may have freed execution memory. */
  @Override
  public boolean wantsRetry() {
    return lentBytes > 0 && !lastLevel.atLeast(PressureLevel.HIGH);
  }
}

package io.spillway.shuffle.write;

import java.util.function.LongSupplier;

/**
 * Decides when a map-side sort must spill because its task thread allocated more since the last spill
 * than the heap can take: an estimate-free bound, fed by a scripted or real allocation counter.
 *
 * <h2>Why allocated bytes</h2>
 * Spark's sorter sizes its buffer from {@code SizeTracker} samples, which miss rare huge records (suite
 * case S10: a 1-4 MiB line among 100-byte ones); the estimate stays a fraction of the footprint until the
 * heap is gone. The bytes the task thread allocated since the last spill cannot miss a record: whatever
 * the buffer gained since then was allocated by this thread, so they are an upper bound of its growth.
 * Allocation alone over-counts: a map task that allocates much and keeps little (seed case S8's PageRank
 * contributions: 200 MB allocated per 700 000 records, a few MB kept) spilled 102 times in one task and took
 * twice as long. So a spill also needs the heap's own evidence that something was kept: the old generation
 * (after the latest collection, or a fresher reading) grew by at least half the allowance above its lowest
 * figure since the last spill. Garbage never reaches the old generation in quantity; a buffer of retained
 * records does, as young collections promote it. The allowance is half this task's fair share of the heap's
 * real free room, so a healthy job on an ample heap almost never sees a spill for this reason.
 *
 * <h2>Cadence</h2>
 * Reading the counter costs a call into the VM, so it is read every {@link #MAX_CHECK_INTERVAL_RECORDS}
 * records when records are small, and at every record when they are large: after each check the next one
 * is placed so that, at the allocation per record seen since the previous check, the allocation until it
 * stays below {@code 1/}{@link #CHECKS_PER_ALLOWANCE} of the allowance.
 *
 * <p>Not thread-safe: one per task, used on the task thread.
 */
final class AllocationSpillBound {

  /** Most records between two reads of the allocation counter (small records). */
  static final int MAX_CHECK_INTERVAL_RECORDS = 32;
  /** The allocation expected between two checks stays below this fraction (1/n) of the allowance. */
  static final int CHECKS_PER_ALLOWANCE = 8;
  /**
   * Least allowance: with the old generation full after GC the fair share is 0, and spilling at every
   * record would write a file per record; 1 MiB apart keeps the files worth their open buffers.
   */
  static final long MIN_ALLOWANCE_BYTES = 1L << 20;

  private final LongSupplier allocatedBytes;
  private final LongSupplier allowanceBytes;
  private final LongSupplier oldGenUsedBytes;
  private long allocatedAtSpill;
  /** Lowest old-generation reading since the last spill: the base that retained growth is measured from. */
  private long oldGenLowSinceSpill;
  private long allocatedAtCheck;
  private int recordsSinceCheck;
  private int checkAfterRecords = 1;
  private long lastAllowanceBytes;
  private long lastRetainedGrowthBytes;

  /**
   * @param allocatedBytes the task thread's allocated bytes so far (monotonic), read on the task thread
   * @param allowanceBytes allocation since the last spill above which the sort spills; read at each check
   * @param oldGenUsedBytes the old generation's latest use (after a collection, or a fresher reading)
   */
  AllocationSpillBound(LongSupplier allocatedBytes, LongSupplier allowanceBytes, LongSupplier oldGenUsedBytes) {
    this.allocatedBytes = allocatedBytes;
    this.allowanceBytes = allowanceBytes;
    this.oldGenUsedBytes = oldGenUsedBytes;
    this.allocatedAtSpill = allocatedBytes.getAsLong();
    this.allocatedAtCheck = allocatedAtSpill;
    this.oldGenLowSinceSpill = oldGenUsedBytes.getAsLong();
  }

  /** A bound that never asks for a spill (no allocation counter in this JVM). */
  static AllocationSpillBound never() {
    return new AllocationSpillBound(() -> 0L, () -> Long.MAX_VALUE, () -> 0L);
  }

  /**
   * Half of one task's fair share of the heap's real free room: {@code (maxHeap - old gen used after the
   * last GC) / taskSlots / 2}, at least {@link #MIN_ALLOWANCE_BYTES}.
   *
   * @param taskSlots tasks the executor runs at once, at least 1
   */
  static LongSupplier halfFairShareOfFreeHeap(long maxHeapBytes, LongSupplier oldGenUsedAfterGcBytes, int taskSlots) {
    if (taskSlots < 1) {
      throw new IllegalArgumentException("taskSlots must be at least 1 but was " + taskSlots);
    }
    return () -> {
      long free = Math.max(0L, maxHeapBytes - oldGenUsedAfterGcBytes.getAsLong());
      return Math.max(MIN_ALLOWANCE_BYTES, free / taskSlots / 2);
    };
  }

  /**
   * Called once per record the sort buffered; reads the counter only when the cadence says so.
   *
   * @return whether the allocation since the last spill passed the allowance: the caller spills and then
   *     calls {@link #spilled()}
   */
  boolean recordAdded() {
    if (++recordsSinceCheck < checkAfterRecords) {
      return false;
    }
    long now = allocatedBytes.getAsLong();
    long allowance = allowanceBytes.getAsLong();
    lastAllowanceBytes = allowance;
    checkAfterRecords = checkInterval((now - allocatedAtCheck) / recordsSinceCheck, allowance);
    allocatedAtCheck = now;
    recordsSinceCheck = 0;
    if (now - allocatedAtSpill <= allowance) {
      return false;
    }
    long oldGen = oldGenUsedBytes.getAsLong();
    oldGenLowSinceSpill = Math.min(oldGenLowSinceSpill, oldGen);
    lastRetainedGrowthBytes = oldGen - oldGenLowSinceSpill;
    return lastRetainedGrowthBytes >= allowance / 2;
  }

  /** Starts a new run: allocation and old-generation growth are counted from now. */
  void spilled() {
    allocatedAtSpill = allocatedBytes.getAsLong();
    oldGenLowSinceSpill = oldGenUsedBytes.getAsLong();
  }

  /** Old-generation growth since the last spill at the latest check past the allowance, for log lines. */
  long lastRetainedGrowthBytes() {
    return lastRetainedGrowthBytes;
  }

  /** Bytes the thread allocated since the last spill (reads the counter). */
  long allocatedSinceSpillBytes() {
    return allocatedBytes.getAsLong() - allocatedAtSpill;
  }

  /** The allowance read at the latest check (0 before the first), for log lines. */
  long lastAllowanceBytes() {
    return lastAllowanceBytes;
  }

  /** Records until the next check (tests). */
  int checkAfterRecords() {
    return checkAfterRecords;
  }

  /**
   * Records until the next check: as many as keep the expected allocation below {@code allowance / }
   * {@link #CHECKS_PER_ALLOWANCE}, between 1 and {@link #MAX_CHECK_INTERVAL_RECORDS}.
   */
  static int checkInterval(long allocatedPerRecordBytes, long allowanceBytes) {
    if (allocatedPerRecordBytes <= 0) {
      return MAX_CHECK_INTERVAL_RECORDS;
    }
    long records = allowanceBytes / CHECKS_PER_ALLOWANCE / allocatedPerRecordBytes;
    return (int) Math.max(1L, Math.min(MAX_CHECK_INTERVAL_RECORDS, records));
  }
}

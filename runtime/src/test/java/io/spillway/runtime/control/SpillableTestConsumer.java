package io.spillway.runtime.control;

import org.apache.spark.memory.MemoryConsumer;
import org.apache.spark.memory.MemoryMode;
import org.apache.spark.memory.TaskMemoryManager;

/**
 * Behaves like Spark's spillable consumers toward {@code TaskMemoryManager}: it always spills everything
 * when it is itself the requester, and when another consumer triggers the spill only if
 * {@link #forceable} (Spark's sorters and maps: only once their iterator exists).
 */
final class SpillableTestConsumer extends MemoryConsumer {

  boolean forceable;
  int spills;

  SpillableTestConsumer(TaskMemoryManager tmm) {
    super(tmm, tmm.pageSizeBytes(), MemoryMode.ON_HEAP);
  }

  long grab(long bytes) {
    return acquireMemory(bytes);
  }

  /** Gives back everything, as a consumer that spilled itself does. */
  void freeAll() {
    freeMemory(getUsed());
  }

  @Override
  public long spill(long size, MemoryConsumer trigger) {
    if (trigger != this && !forceable) {
      return 0L;
    }
    long bytes = getUsed(); // not the field: a long before Spark 4.2, an AtomicLong from 4.2
    if (bytes == 0) {
      return 0L;
    }
    freeMemory(bytes);
    spills++;
    return bytes;
  }
}

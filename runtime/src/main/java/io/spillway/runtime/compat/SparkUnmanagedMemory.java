package io.spillway.runtime.compat;

import java.util.function.LongSupplier;
import org.apache.spark.memory.MemoryMode;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.apache.spark.memory.UnmanagedMemoryConsumer;
import org.apache.spark.memory.UnmanagedMemoryConsumerId;

/**
 * The Spark 4.1 half of {@link UnmanagedMemoryCompat}: the only class that names
 * {@code UnmanagedMemoryConsumer}, {@code UnmanagedMemoryConsumerId} and
 * {@code UnifiedMemoryManager.registerUnmanagedMemoryConsumer}, so it is loaded only after
 * {@link UnmanagedMemoryCompat#available()} said those exist (on Spark 4.0 loading it would throw
 * {@code NoClassDefFoundError}).
 */
final class SparkUnmanagedMemory {

  private SparkUnmanagedMemory() {}

  /**
   * Registers {@code onHeapBytes} (polled by Spark's poller thread, which must not block: the supplier
   * should read cached or cheap values) under {@code instanceKey}.
   */
  static UnmanagedMemoryCompat.Registration registerOnHeap(String instanceKey, LongSupplier onHeapBytes) {
    Consumer consumer = new Consumer(new UnmanagedMemoryConsumerId(UnmanagedMemoryCompat.COMPONENT_TYPE, instanceKey), onHeapBytes);
    UnifiedMemoryManager.registerUnmanagedMemoryConsumer(consumer);
    return consumer;
  }

  private static final class Consumer implements UnmanagedMemoryConsumer, UnmanagedMemoryCompat.Registration {
    private final UnmanagedMemoryConsumerId id;
    private final LongSupplier bytes;
    private volatile boolean closed;

    Consumer(UnmanagedMemoryConsumerId id, LongSupplier bytes) {
      this.id = id;
      this.bytes = bytes;
    }

    @Override
    public UnmanagedMemoryConsumerId unmanagedMemoryConsumerId() {
      return id;
    }

    @Override
    public MemoryMode memoryMode() {
      return MemoryMode.ON_HEAP;
    }

    /** The supplier's bytes (never negative), or {@code -1} once closed, which removes this consumer. */
    @Override
    public long getMemBytesUsed() {
      return closed ? -1L : Math.max(0L, bytes.getAsLong());
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}

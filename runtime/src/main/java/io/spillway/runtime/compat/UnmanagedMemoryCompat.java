package io.spillway.runtime.compat;

import java.util.function.LongSupplier;
import org.apache.spark.memory.MemoryMode;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.apache.spark.memory.UnmanagedMemoryConsumer;
import org.apache.spark.memory.UnmanagedMemoryConsumerId;

/**
 * Registers a byte count with Spark 4.1's unmanaged-memory tracking, so {@code UnifiedMemoryManager}
 * subtracts it from the execution and storage maxima.
 *
 * <p>Tracks Spark 4.1's {@code UnmanagedMemoryConsumer} trait and the static
 * {@code UnifiedMemoryManager.registerUnmanagedMemoryConsumer} (a companion-object method; Scala emits a
 * static forwarder on the class). The registry is JVM-wide and has no public unregister: a consumer
 * leaves by returning {@code -1} from {@code getMemBytesUsed}, which is what {@link Registration#close()}
 * arranges. Spark only polls when {@code spark.memory.unmanagedMemoryPollingInterval} is above zero
 * (off by default); until then the registration is harmless and has no effect.
 */
public final class UnmanagedMemoryCompat {

  /** The component type Spillway reports under (Spark groups consumers by it in its own metrics). */
  public static final String COMPONENT_TYPE = "Spillway";

  private UnmanagedMemoryCompat() {}

  /** A live registration; {@link #close()} makes Spark's next poll drop it. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Registers {@code onHeapBytes} (polled by Spark's poller thread, which must not block: the supplier
   * should read cached or cheap values) under {@code instanceKey}.
   */
  public static Registration registerOnHeap(String instanceKey, LongSupplier onHeapBytes) {
    Consumer consumer = new Consumer(new UnmanagedMemoryConsumerId(COMPONENT_TYPE, instanceKey), onHeapBytes);
    UnifiedMemoryManager.registerUnmanagedMemoryConsumer(consumer);
    return consumer;
  }

  private static final class Consumer implements UnmanagedMemoryConsumer, Registration {
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

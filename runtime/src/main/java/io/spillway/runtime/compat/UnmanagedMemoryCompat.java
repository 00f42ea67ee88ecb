package io.spillway.runtime.compat;

import java.util.function.LongSupplier;

/**
 * Registers a byte count with Spark's unmanaged-memory tracking, so {@code UnifiedMemoryManager}
 * subtracts it from the execution and storage maxima — where this Spark has it.
 *
 * <p>Tracks Spark 4.1's {@code UnmanagedMemoryConsumer} trait and the static
 * {@code UnifiedMemoryManager.registerUnmanagedMemoryConsumer} (a companion-object method; Scala emits a
 * static forwarder on the class); Spark 4.0 has neither. This class names no 4.1 type, so it loads on every
 * line; the 4.1 calls live in {@code SparkUnmanagedMemory}, loaded only once {@link #available()} found them
 * (checked once, by class lookup, not by version number, so a backport works too). The registry is JVM-wide
 * and has no public unregister: a consumer leaves by returning {@code -1} from {@code getMemBytesUsed}, which
 * is what {@link Registration#close()} arranges. Spark only polls when
 * {@code spark.memory.unmanagedMemoryPollingInterval} is above zero (off by default); until then the
 * registration is harmless and has no effect.
 */
public final class UnmanagedMemoryCompat {

  /** The component type Spillway reports under (Spark groups consumers by it in its own metrics). */
  public static final String COMPONENT_TYPE = "Spillway";
  /** The first Spark line with unmanaged-memory consumers, for messages. */
  public static final String SINCE = "4.1";

  private UnmanagedMemoryCompat() {}

  /** A live registration; {@link #close()} makes Spark's next poll drop it. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** Whether this Spark has unmanaged-memory consumers (Spark 4.1 and later). */
  public static boolean available() {
    return Availability.AVAILABLE;
  }

  /**
   * Registers {@code onHeapBytes} (polled by Spark's poller thread, which must not block: the supplier
   * should read cached or cheap values) under {@code instanceKey}.
   *
   * @throws UnsupportedOperationException on a Spark without unmanaged-memory consumers ({@link #available()})
   */
  public static Registration registerOnHeap(String instanceKey, LongSupplier onHeapBytes) {
    if (!available()) {
      throw new UnsupportedOperationException("Spark " + SparkVersion.running()
          + " has no unmanaged-memory consumers (Spark " + SINCE + "+)");
    }
    return SparkUnmanagedMemory.registerOnHeap(instanceKey, onHeapBytes);
  }

  private static final class Availability {
    static final boolean AVAILABLE = find();

    private static boolean find() {
      try {
        ClassLoader loader = UnmanagedMemoryCompat.class.getClassLoader();
        Class<?> consumer = Class.forName("org.apache.spark.memory.UnmanagedMemoryConsumer", false, loader);
        Class.forName("org.apache.spark.memory.UnmanagedMemoryConsumerId", false, loader);
        Class.forName("org.apache.spark.memory.UnifiedMemoryManager", false, loader)
            .getMethod("registerUnmanagedMemoryConsumer", consumer);
        return true;
      } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
        return false;
      }
    }
  }
}

package io.spillway.runtime;

import io.spillway.runtime.compat.MemoryPools;
import io.spillway.runtime.compat.UnmanagedMemoryCompat;
import io.spillway.runtime.control.UnmanagedHeapReporter;
import io.spillway.runtime.pressure.OldGenUsage;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What the control actions need from the JVM and from Spark, as one seam the executor plugin's tests
 * replace: the memory manager (looked up lazily, because {@code SparkEnv} may not hold it yet when
 * plugins start), the unmanaged-memory registrar and the old-gen reading.
 *
 * @param memoryManager the pools of the executor's {@code UnifiedMemoryManager}, when there is one
 * @param registrar registers the unmanaged-heap report with Spark; empty on a Spark without
 *     unmanaged-memory consumers (before 4.1)
 * @param oldGenUsedAfterGcBytes old-generation bytes used after the last collection
 * @param actionExecutor where actions run; empty means the controller's own thread (production), tests
 *     pass {@code Runnable::run} to run them deterministically on the notifying thread
 */
record ControlEnvironment(
    Supplier<Optional<MemoryPools>> memoryManager,
    Optional<UnmanagedHeapReporter.Registrar> registrar,
    LongSupplier oldGenUsedAfterGcBytes,
    Optional<Executor> actionExecutor) {

  /** This JVM: {@code SparkEnv.get().memoryManager()}, Spark's registry (where it has one) and JMX. */
  static ControlEnvironment production() {
    OldGenUsage oldGen = OldGenUsage.ofThisJvm();
    Optional<UnmanagedHeapReporter.Registrar> registrar = UnmanagedMemoryCompat.available()
        ? Optional.of(UnmanagedMemoryCompat::registerOnHeap)
        : Optional.empty();
    return new ControlEnvironment(MemoryPools::ofSparkEnv, registrar,
        oldGen::usedAfterLastGcBytes, Optional.empty());
  }

  /** The heap view the unmanaged-heap reporter computes from. */
  UnmanagedHeapReporter.HeapView heapView() {
    return new UnmanagedHeapReporter.HeapView() {
      @Override
      public long oldGenUsedAfterGcBytes() {
        return oldGenUsedAfterGcBytes.getAsLong();
      }

      @Override
      public long sparkOnHeapUsedBytes() {
        return memoryManager.get().map(MemoryPools::onHeapUsedBytes).orElse(0L);
      }

      @Override
      public long unmanagedCeilingBytes() {
        return memoryManager.get().map(MemoryPools::unmanagedCeilingBytes).orElse(Long.MAX_VALUE);
      }

      @Override
      public void wakeExecutionWaiters() {
        memoryManager.get().ifPresent(MemoryPools::wakeExecutionWaiters);
      }
    };
  }
}

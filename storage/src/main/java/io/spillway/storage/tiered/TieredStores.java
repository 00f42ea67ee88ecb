package io.spillway.storage.tiered;

import io.spillway.runtime.SpillwayRuntime;
import io.spillway.runtime.compat.SparkEnvCompat;
import io.spillway.runtime.compat.TaskMetricsCompat;
import io.spillway.storage.group.SpillFiles;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.util.TaskCompletionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where tasks get a {@link TieredStore}: checks that the off-heap tier can work here and ties the store's
 * life to the task.
 *
 * <p><b>Fallback.</b> {@link #open} returns empty when the off-heap tier cannot be used, and the caller
 * keeps its own spilling path (for reduce-side aggregation: Spark's {@code ExternalAppendOnlyMap}, which
 * spills to plain files). Two reasons: Chronicle Map does not work in this JVM (see
 * {@link ChronicleAvailability}; one WARN per JVM names what is missing), or Spark's I/O encryption is on
 * (a memory-mapped map cannot go through Spark's encrypting streams, and Spillway never writes unencrypted
 * spill bytes where Spark would encrypt them; one INFO per JVM says so). Nothing fails either way.
 *
 * <p><b>Lifecycle.</b> A task-completion listener adds the bytes the store wrote off heap to the task's
 * disk-bytes-spilled metric and closes the store: Spark runs completion listeners after
 * success, failure and kill alike, on the task's thread, so the maps are closed, their mappings released
 * and their files deleted whatever ended the task. After a JVM crash the files are temp-local blocks in
 * the application's local dirs, which Spark deletes with them.
 */
public final class TieredStores {

  private static final Logger LOG = LoggerFactory.getLogger(TieredStores.class);
  private static final AtomicBoolean ENCRYPTION_LOGGED = new AtomicBoolean();

  private TieredStores() {}

  /**
   * A store for {@code task} with Spark's local dirs for files and this executor's pressure level, or empty
   * when the off-heap tier is unavailable (the caller falls back; see the class doc).
   */
  public static <V> Optional<TieredStore<V>> open(TaskContext task, SerializerInstance serializer,
      TieredStoreConfig config) {
    if (SparkEnvCompat.ioEncryptionEnabled()) {
      if (ENCRYPTION_LOGGED.compareAndSet(false, true)) {
        LOG.info("Spillway's off-heap tiered store is off because spark.io.encryption.enabled is set: its "
            + "memory-mapped files cannot be encrypted. Spilling uses Spark's encrypted spill files instead.");
      }
      return Optional.empty();
    }
    return open(task, TieredStore.<V>builder()
        .config(config)
        .serializer(serializer)
        .pressure(SpillwayRuntime::lastPressureLevel)
        .files(() -> SpillFiles.ofSparkEnv().newFile()._2()));
  }

  /**
   * {@code store} built for {@code task} and closed when it ends, or empty when Chronicle Map is unavailable
   * in this JVM. The builder's owner is set to the task.
   */
  public static <V> Optional<TieredStore<V>> open(TaskContext task, TieredStoreBuilder<V> store) {
    if (ChronicleAvailability.unavailableReason(store.files()).isPresent()) {
      return Optional.empty();
    }
    TieredStore<V> s = store.owner("task " + task.taskAttemptId() + " (stage " + task.stageId() + "."
        + task.stageAttemptNumber() + ", partition " + task.partitionId() + ")").build();
    task.addTaskCompletionListener((TaskCompletionListener) ctx -> {
      try {
        // what went off heap shows in the task's spill metrics, like Spark's own spills
        TaskMetricsCompat.incDiskBytesSpilled(ctx, s.stats().offHeapBytesWritten());
      } finally {
        s.close();
      }
    });
    return Optional.of(s);
  }
}

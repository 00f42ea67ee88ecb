package io.spillway.runtime.control;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.spark.memory.MemoryConsumer;
import org.apache.spark.memory.MemoryMode;
import org.apache.spark.memory.TaskMemoryManager;

/**
 * Spillway's one adapter to Spark's {@link MemoryConsumer}: a reservation of on-heap execution memory in
 * one task, holding no data. While it holds bytes, the task's other consumers (ExternalSorter,
 * ExternalAppendOnlyMap, UnsafeExternalSorter, ShuffleExternalSorter) reach the task's share of the
 * execution pool sooner and spill themselves earlier, instead of growing on the heap.
 *
 * <p>Reservation: {@link #inflate} (task thread only; it may make {@code TaskMemoryManager} spill this
 * task's other consumers, or wait like any consumer for its 1/2N minimum) and {@link #release} (any
 * thread, idempotent: bytes are released once). {@code used} is the base class's field, written here and
 * read by {@code TaskMemoryManager} to rank consumers.
 */
final class BalloonConsumer extends MemoryConsumer {

  /** Bytes held and not yet released; the single source of truth for what {@link #release} gives back. */
  private final AtomicLong reservedBytes = new AtomicLong();
  private final BooleanSupplier pressureLasts;
  /** When the balloon was last inflated or topped up; task thread only. */
  private long lastTopUpNanos = Long.MIN_VALUE / 2;

  /**
   * @param pressureLasts whether the level the balloon was inflated for still holds; read in {@link #spill}
   */
  BalloonConsumer(TaskMemoryManager taskMemoryManager, BooleanSupplier pressureLasts) {
    super(taskMemoryManager, taskMemoryManager.pageSizeBytes(), MemoryMode.ON_HEAP);
    this.pressureLasts = pressureLasts;
  }

  /** Acquires up to {@code bytes} of execution memory for this task; returns what was granted. Task thread only. */
  long inflate(long bytes) {
    if (bytes <= 0) {
      return 0L;
    }
    long granted = acquireMemory(bytes);
    reservedBytes.addAndGet(granted);
    return granted;
  }

  /** Gives back everything held; safe from any thread and more than once. Returns the bytes released. */
  long release() {
    long bytes = reservedBytes.getAndSet(0L);
    if (bytes > 0) {
      freeMemory(bytes);
    }
    return bytes;
  }

  long reservedBytes() {
    return reservedBytes.get();
  }

  long lastTopUpNanos() {
    return lastTopUpNanos;
  }

  void markTopUp(long nanos) {
    lastTopUpNanos = nanos;
  }

  /**
   * Called by {@code TaskMemoryManager} under its lock when another consumer of this task ({@code trigger})
   * needs memory. Contract: never acquires memory and takes no lock of Spillway's; frees only its own
   * reservation; updates no metric (the action's gauge reads {@link #reservedBytes()}).
   * <ul>
   *   <li>{@code trigger == this}: returns 0 — a balloon never deflates to feed itself.</li>
   *   <li>pressure has fallen below the balloon's level: releases everything and returns it.</li>
   *   <li>pressure lasts: returns 0, on purpose. Yielding would hand the reservation straight to the
   *       growing consumer and undo the balloon; instead {@code TaskMemoryManager} moves on and, last of
   *       all, asks the requester to spill itself. The task's floor (see {@link ExecutionBalloon}) is what
   *       guarantees the requester room.</li>
   * </ul>
   */
  @Override
  public long spill(long size, MemoryConsumer trigger) {
    if (trigger == this || pressureLasts.getAsBoolean()) {
      return 0L;
    }
    return release();
  }

  @Override
  public String toString() {
    return "SpillwayBalloon(" + reservedBytes.get() + " bytes)";
  }
}

package io.spillway.shuffle.measured;

import java.util.function.LongSupplier;

/**
 * The serialized bytes a task's buffer was fed since it last spilled, and when they call for a spill check.
 *
 * <p>Why: a buffer of deserialized records takes at least the bytes its records took serialized (objects
 * carry headers and pointers that the stream does not), so this is a lower bound of the buffer's heap
 * size that needs no estimate. Spark's buffers size themselves by sampling ({@code SizeTracker}) and ask
 * for memory only every 32 records ({@code Spillable.maybeSpill}): 32 records of 8 MiB are 256 MiB
 * before the first question, and a rare multi-MiB record among small ones is missed by the samples.
 * Measured bytes fix both: the size a check uses is never below them, and a check is due every
 * {@link #CHECK_EVERY_BYTES} fed, whatever the record count.
 *
 * <p>Not thread-safe: one task thread feeds and checks.
 */
public final class MeasuredBytes {

  /**
   * Bytes fed between two spill checks at most (plus one record): small enough that a buffer of large
   * records overshoots its grant by one record, large enough that small records keep Spark's 32-record
   * cadence (32 records of under 32 KiB).
   */
  public static final long CHECK_EVERY_BYTES = 1L << 20;

  /** Least bytes a spill forced by pressure writes: fewer than this is not worth a run to merge. */
  public static final long MIN_FORCED_RUN_BYTES = 8L << 20;

  /**
   * A forced run holds at least this many of the largest records seen: a merge holds the head record of
   * every run at once, so with runs of at least 16 records the heads of the runs a task's data makes take at
   * most a sixteenth of that data, whatever the record size.
   */
  public static final int MIN_FORCED_RUN_RECORDS_OF_LARGEST = 16;

  private final LongSupplier fedBytes;
  private long atLastSpill;
  private long atLastCheck;
  private long atLastRecord;
  private long largestRecordBytes;

  /** @param fedBytes serialized bytes fed to the buffer so far (monotonic) */
  public MeasuredBytes(LongSupplier fedBytes) {
    this.fedBytes = fedBytes;
    this.atLastSpill = fedBytes.getAsLong();
    this.atLastCheck = atLastSpill;
    this.atLastRecord = atLastSpill;
  }

  /**
   * Called once per record the buffer takes: the bytes fed since the previous call are that record's (up to
   * the deserializer's read-ahead), and the largest is remembered for {@link #forcedRunBigEnough}.
   */
  public void recordTaken() {
    long now = fedBytes.getAsLong();
    largestRecordBytes = Math.max(largestRecordBytes, now - atLastRecord);
    atLastRecord = now;
  }

  /** The largest record's serialized bytes seen so far (see {@link #recordTaken}). */
  public long largestRecordBytes() {
    return largestRecordBytes;
  }

  /**
   * The least size a buffer has before a spill forced now (by pressure, not by a refused grant) makes a run
   * worth merging: {@link #MIN_FORCED_RUN_BYTES}, and {@link #MIN_FORCED_RUN_RECORDS_OF_LARGEST} of the
   * largest records seen.
   */
  public long forcedRunFloorBytes() {
    return Math.max(MIN_FORCED_RUN_BYTES, MIN_FORCED_RUN_RECORDS_OF_LARGEST * largestRecordBytes);
  }

  /** Bytes fed since the last spill: a lower bound of what the buffer holds. */
  public long sinceSpill() {
    return Math.max(0L, fedBytes.getAsLong() - atLastSpill);
  }

  /** Whether {@link #CHECK_EVERY_BYTES} were fed since the last check; if so, this call counts as the check. */
  public boolean checkDue() {
    long now = fedBytes.getAsLong();
    if (now - atLastCheck >= CHECK_EVERY_BYTES) {
      atLastCheck = now;
      return true;
    }
    return false;
  }

  /** The buffer spilled: what it was fed so far is on disk. */
  public void spilled() {
    atLastSpill = fedBytes.getAsLong();
    atLastCheck = atLastSpill;
  }
}

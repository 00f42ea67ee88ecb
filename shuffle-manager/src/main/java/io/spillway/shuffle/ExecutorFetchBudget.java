package io.spillway.shuffle;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An executor-wide cap on shuffle bytes in flight, shared by all the reads the executor runs at once.
 *
 * <h2>Why</h2>
 * Stock Spark bounds fetched-but-unconsumed bytes per read ({@code spark.reducer.maxSizeInFlight}) and
 * nothing bounds their sum. An executor runs one read per task slot, and one task may open several reads
 * at once: a {@code cogroup} or multi-way join builds every input's {@code ShuffleBlockFetcherIterator}
 * up front, and each sends its first window of requests as it is built. With a generous window (users
 * raise it to speed up fetch-bound jobs) the windows together exceed the heap, and the executor dies in
 * Netty while blocks arrive (seed case 4: "70 byte[]s of 48 MB each"; suite case S7).
 *
 * <h2>Policy</h2>
 * The budget is a share of the executor's max heap ({@code spark.spillway.shuffle.fetchBudgetHeapRatio}).
 * A read reserves, when it starts, <em>half of what is left</em> — at least {@link #MIN_GRANT_BYTES}, at
 * most the window it asked for — so the reads a task opens together all get a window and the first
 * does not take everything. A block larger than what was left of the budget when its read started
 * ({@code spark.network.maxRemoteBlockSizeFetchToMem} lowered to that) is streamed to disk instead of
 * the heap: Spark's fetcher sends a block larger than the window anyway when nothing is in flight, so
 * without this one huge block would bypass the budget. A read gives its share back when its records run
 * out or its task ends, whichever comes first.
 *
 * <p>With the defaults (budget = 20 % of the heap, Spark's 48 MiB window and 200 MiB fetch-to-disk
 * threshold) a single read keeps Spark's window from about 480 MiB of heap up and Spark's threshold from
 * 1 GiB up; the budget bites on small heaps, generous windows and many concurrent reads. Floors mean the sum can exceed the budget by {@link #MIN_GRANT_BYTES} per read once it is
 * exhausted: a read always makes progress.
 *
 * <p>Thread-safe: reads on different task threads reserve and release concurrently (one monitor, held
 * for a few arithmetic operations, never while calling out).
 */
public final class ExecutorFetchBudget {

  /** Smallest window a read is granted: below ~4 MiB each request (a fifth of the window) gets tiny. */
  public static final long MIN_GRANT_BYTES = PressureFetchLimitsPolicy.MIN_BYTES_IN_FLIGHT_BYTES;

  private static final ExecutorFetchBudget UNLIMITED = new ExecutorFetchBudget(Long.MAX_VALUE);

  private final long budgetBytes;
  private long reservedBytes; // guarded by this

  private ExecutorFetchBudget(long budgetBytes) {
    this.budgetBytes = budgetBytes;
  }

  /** No cap: every read gets the limits it asked for (Spark's behaviour). */
  public static ExecutorFetchBudget unlimited() {
    return UNLIMITED;
  }

  /**
   * A budget of {@code heapRatio × maxHeapBytes}; {@link #unlimited()} when the ratio is 0.
   *
   * @param heapRatio share of the heap, in [0, 1]
   * @param maxHeapBytes the executor's max heap ({@code Runtime.maxMemory()})
   */
  public static ExecutorFetchBudget ofHeapRatio(double heapRatio, long maxHeapBytes) {
    if (!(heapRatio >= 0.0 && heapRatio <= 1.0)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "heapRatio must be in [0, 1] but was %s", heapRatio));
    }
    if (maxHeapBytes <= 0) {
      throw new IllegalArgumentException("maxHeapBytes must be positive but was " + maxHeapBytes);
    }
    if (heapRatio == 0.0) {
      return UNLIMITED;
    }
    return new ExecutorFetchBudget(Math.max(MIN_GRANT_BYTES, (long) (heapRatio * maxHeapBytes)));
  }

  /** The cap in bytes ({@code Long.MAX_VALUE} when unlimited). */
  public long budgetBytes() {
    return budgetBytes;
  }

  /** Bytes currently reserved by open reads. */
  public synchronized long reservedBytes() {
    return reservedBytes;
  }

  /**
   * Reserves a window for one read.
   *
   * @param wanted the limits the read would otherwise use (Spark's, or lowered by a pressure policy)
   * @return the grant: its limits are {@code wanted} with a window and fetch-to-disk threshold no larger
   *     than the policy above allows ({@code wanted} itself when nothing needs lowering)
   */
  public Grant reserve(FetchLimits wanted) {
    if (budgetBytes == Long.MAX_VALUE) {
      return new Grant(wanted, 0L);
    }
    long leftBytes;
    long windowBytes;
    synchronized (this) {
      leftBytes = Math.max(0L, budgetBytes - reservedBytes);
      windowBytes = Math.min(wanted.maxBytesInFlight(), Math.max(MIN_GRANT_BYTES, leftBytes / 2));
      reservedBytes += windowBytes;
    }
    long toDiskAboveBytes = Math.min(wanted.fetchToDiskThresholdBytes(), Math.max(windowBytes, leftBytes));
    FetchLimits limits = windowBytes == wanted.maxBytesInFlight() && toDiskAboveBytes == wanted.fetchToDiskThresholdBytes()
        ? wanted
        : wanted.toBuilder().maxBytesInFlight(windowBytes).fetchToDiskThresholdBytes(toDiskAboveBytes).build();
    return new Grant(limits, windowBytes);
  }

  private synchronized void release(long bytes) {
    reservedBytes -= bytes;
  }

  @Override
  public String toString() {
    return budgetBytes == Long.MAX_VALUE ? "ExecutorFetchBudget{unlimited}"
        : "ExecutorFetchBudget{budgetBytes=" + budgetBytes + ", reservedBytes=" + reservedBytes() + '}';
  }

  /** One read's share of the budget; {@link #close()} gives it back (once, from any thread). */
  public final class Grant implements AutoCloseable {
    private final FetchLimits limits;
    private final long windowBytes;
    private final AtomicBoolean released = new AtomicBoolean();

    private Grant(FetchLimits limits, long windowBytes) {
      this.limits = limits;
      this.windowBytes = windowBytes;
    }

    /** The limits to build the read's fetcher with. */
    public FetchLimits limits() {
      return limits;
    }

    /** Bytes this grant holds of the budget until closed (0 when the budget is unlimited). */
    public long windowBytes() {
      return windowBytes;
    }

    /** Returns the share to the budget; later calls do nothing. */
    @Override
    public void close() {
      if (windowBytes > 0 && released.compareAndSet(false, true)) {
        release(windowBytes);
      }
    }
  }
}

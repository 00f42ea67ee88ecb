package io.spillway.shuffle.skew;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A bounded sketch of the most frequent keys of a stream of records: Space-Saving top-k (Metwally, Agrawal and
 * El Abbadi, "Efficient computation of frequent and top-k elements in data streams", ICDT 2005) with the
 * serialized bytes of each monitored key alongside its count. See the {@linkplain io.spillway.shuffle.skew
 * package documentation} for why this algorithm and how it will be wired.
 *
 * <p><b>Guarantees</b> after N records with capacity k, for every key x with true count f(x):
 * <ul>
 *   <li>a monitored key has {@code count - error <= f(x) <= count} and {@code error <= N / k};</li>
 *   <li>an unmonitored key has {@code f(x) <= minimum count <= N / k}, so every key with {@code f(x) > N / k}
 *       is monitored.</li>
 * </ul>
 *
 * <p><b>Cost per record</b>: one hash lookup ({@code hashCode}, {@code equals}; O(1) expected) and a few array
 * writes (O(1) in the worst case); no allocation when the key is already monitored. Memory: the k keys plus
 * about 120 bytes per counter (eleven parallel arrays and a {@code HashMap} node).
 *
 * <p>Keys are compared with {@code equals}/{@code hashCode}, as Spark's own hash aggregation does; {@code null}
 * is a key of its own. Arrays compare by identity (Spark's {@code HashPartitioner} rejects them anyway).
 *
 * <p>Not thread-safe: one sketch per map task, updated on the task thread.
 */
public final class HeavyHitters {

  /** Largest accepted capacity: bounds the arrays allocated up front and the snapshot sent to the driver. */
  public static final int MAX_CAPACITY = 1 << 20;

  /** Threshold of {@link #top(int)}: a key is guaranteed heavy above 1% of all records. */
  public static final double DEFAULT_HEAVY_THRESHOLD_RATIO = 0.01;

  private final StreamSummary summary;
  private long totalRecords;
  private long totalBytes;

  /**
   * An empty sketch.
   *
   * @param capacity number of keys monitored (k); every key above N/k records is guaranteed to be found
   * @throws IllegalArgumentException if {@code capacity} is not between 1 and {@link #MAX_CAPACITY}
   */
  public HeavyHitters(int capacity) {
    summary = new StreamSummary(checkCapacity(capacity));
  }

  /** Largest count first; among equal counts the one with the smaller error (better known) first. */
  private static final Comparator<HeavyHitterSnapshot.Entry> BY_COUNT_DESCENDING =
      Comparator.comparingLong(HeavyHitterSnapshot.Entry::count).reversed()
          .thenComparingLong(HeavyHitterSnapshot.Entry::error);

  /** A sketch holding exactly what {@code snapshot} holds. */
  public static HeavyHitters fromSnapshot(HeavyHitterSnapshot snapshot) {
    HeavyHitters sketch = new HeavyHitters(snapshot.capacity());
    sketch.load(sortedByCount(snapshot.entries()), snapshot.totalRecords(), snapshot.totalBytes());
    return sketch;
  }

  static int checkCapacity(int capacity) {
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException("heavy-hitter capacity must be between 1 and " + MAX_CAPACITY
          + " but was " + capacity);
    }
    return capacity;
  }

  /**
   * Counts one record. Called per record on the map side, so it stays O(1) and allocation-free for a key
   * already monitored.
   *
   * @param key the record's key (may be null)
   * @param recordBytes the caller's estimate of the record's serialized size
   * @throws IllegalArgumentException if {@code recordBytes} is negative
   */
  public void update(Object key, long recordBytes) {
    if (recordBytes < 0) {
      throw new IllegalArgumentException("recordBytes must not be negative but was " + recordBytes);
    }
    summary.offer(key, recordBytes); // first: a key whose hashCode throws leaves the totals untouched
    totalRecords++;
    totalBytes += recordBytes;
  }

  /** An immutable, serializable copy, largest count first. O(k). */
  public HeavyHitterSnapshot snapshot() {
    return new HeavyHitterSnapshot(summary.capacity(), summary.entries(), totalRecords, totalBytes);
  }

  /** {@link #top(int, double)} with {@link #DEFAULT_HEAVY_THRESHOLD_RATIO}. */
  public List<HeavyHitter> top(int n) {
    return top(n, DEFAULT_HEAVY_THRESHOLD_RATIO);
  }

  /**
   * The {@code n} monitored keys with the largest counts, largest first (equal counts: smaller error first).
   * O(k log k).
   *
   * @param n how many keys at most
   * @param heavyThresholdRatio share of all records above which a key's guaranteed count marks it
   *     {@link HeavyHitter#guaranteedHeavy() guaranteed heavy}, in [0, 1]
   */
  public List<HeavyHitter> top(int n, double heavyThresholdRatio) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative but was " + n);
    }
    if (!(heavyThresholdRatio >= 0 && heavyThresholdRatio <= 1)) {
      throw new IllegalArgumentException("heavyThresholdRatio must be in [0, 1] but was " + heavyThresholdRatio);
    }
    List<HeavyHitterSnapshot.Entry> entries = sortedByCount(summary.entries());
    List<HeavyHitter> top = new ArrayList<>(Math.min(n, entries.size()));
    for (int i = 0; i < entries.size() && i < n; i++) {
      top.add(HeavyHitter.of(entries.get(i), totalRecords, totalBytes, heavyThresholdRatio));
    }
    return top;
  }

  /** Number of counters (k). */
  public int capacity() {
    return summary.capacity();
  }

  /** Number of keys monitored now, at most {@link #capacity()}. */
  public int size() {
    return summary.size();
  }

  /** Records counted (N), exact. */
  public long totalRecords() {
    return totalRecords;
  }

  /** Serialized bytes counted, exact: the sum of the {@code recordBytes} passed. */
  public long totalBytes() {
    return totalBytes;
  }

  /**
   * The most any unmonitored key can have occurred: the smallest count once every counter is in use, else 0.
   * Never more than {@code totalRecords / capacity}.
   */
  public long unmonitoredBoundCount() {
    return summary.minCount();
  }

  @Override
  public String toString() {
    return "HeavyHitters[capacity=" + capacity() + ", monitored=" + size() + ", records=" + totalRecords
        + ", bytes=" + totalBytes + "]";
  }

  private void load(List<HeavyHitterSnapshot.Entry> sortedEntries, long records, long bytes) {
    summary.load(sortedEntries);
    totalRecords = records;
    totalBytes = bytes;
  }

  private static List<HeavyHitterSnapshot.Entry> sortedByCount(List<HeavyHitterSnapshot.Entry> entries) {
    List<HeavyHitterSnapshot.Entry> sorted = new ArrayList<>(entries);
    sorted.sort(BY_COUNT_DESCENDING);
    return sorted;
  }
}

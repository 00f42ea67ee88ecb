package io.spillway.shuffle.skew;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable copy of a {@link HeavyHitters} sketch, small ({@code capacity} entries of four fields plus
 * two totals) and {@link Serializable}; {@link HeavyHitters#fromSnapshot} turns it back into a sketch. Map tasks
 * do not send it: they send their top keys rendered ({@code io.spillway.runtime.skew.MapTaskKeySketch}).
 *
 * <p>The keys travel as they are, so they must be serializable with whatever serializer carries the snapshot;
 * equality after the trip is the keys' own {@code equals}.
 *
 * @param capacity the sketch's number of counters; merging requires equal capacities
 * @param entries the monitored keys, largest count first; at most {@code capacity}
 * @param totalRecords records counted (N), exact
 * @param totalBytes serialized bytes counted, exact (the sum of the estimates the caller passed)
 */
public record HeavyHitterSnapshot(int capacity, List<Entry> entries, long totalRecords, long totalBytes)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * One monitored key.
   *
   * <p>{@code count - error} records of the key were seen while it was monitored, and {@code observedBytes} is
   * exactly their serialized size; the other {@code error} records are an allowance inherited from evicted keys
   * and may not be this key's at all.
   *
   * @param key the key (may be null: the null key is a key of its own)
   * @param count an upper bound of the key's true record count
   * @param error how much {@code count} may overestimate: {@code count - error} is a lower bound
   * @param observedBytes serialized bytes of the {@code count - error} records seen while monitored
   */
  public record Entry(Object key, long count, long error, long observedBytes) implements Serializable {

    private static final long serialVersionUID = 1L;

    public Entry {
      if (count < 1 || error < 0 || error >= count) {
        throw new IllegalArgumentException("entry needs count >= 1 and 0 <= error < count but had count "
            + count + " and error " + error);
      }
      if (observedBytes < 0) {
        throw new IllegalArgumentException("observedBytes must not be negative but was " + observedBytes);
      }
    }

    /** Records certainly of this key: the lower bound of its true count. */
    public long guaranteedCount() {
      return count - error;
    }
  }

  public HeavyHitterSnapshot {
    HeavyHitters.checkCapacity(capacity);
    entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
    if (entries.size() > capacity) {
      throw new IllegalArgumentException("a snapshot of capacity " + capacity + " cannot hold "
          + entries.size() + " entries");
    }
    Set<Object> keys = new HashSet<>();
    for (Entry entry : entries) {
      if (!keys.add(entry.key())) {
        throw new IllegalArgumentException("a snapshot lists each key once but "
            + KeyRenderer.DEFAULT.render(entry.key()) + " appears twice");
      }
    }
    if (totalRecords < 0 || totalBytes < 0) {
      throw new IllegalArgumentException("totals must not be negative but were " + totalRecords
          + " records and " + totalBytes + " bytes");
    }
  }

  /**
   * The count every key missing from {@link #entries} may have had at most: the smallest count once all
   * counters are in use, 0 before (no key was ever evicted, so a missing key never occurred).
   */
  public long unmonitoredBoundCount() {
    if (entries.size() < capacity) {
      return 0;
    }
    long min = Long.MAX_VALUE;
    for (Entry entry : entries) {
      min = Math.min(min, entry.count());
    }
    return min;
  }
}

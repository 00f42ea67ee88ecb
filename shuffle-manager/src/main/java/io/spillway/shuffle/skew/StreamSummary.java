package io.spillway.shuffle.skew;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * The counters of a Space-Saving sketch, kept in Metwally et al.'s "stream-summary" order so that a unit
 * increment and "replace the minimum" both cost O(1) in the worst case, not just amortized (plus one hash
 * lookup, O(1) expected).
 *
 * <p><b>Layout.</b> At most {@code capacity} slots, each holding a key, its count, its error and the bytes seen
 * while it was monitored, in parallel primitive arrays. {@code order} lists the slots by count, largest first;
 * runs of equal counts form buckets, each known by its first and last position. Incrementing a slot of count
 * {@code c} swaps it with the first slot of its bucket and bumps it to {@code c + 1}: the order stays sorted,
 * and the slot either joins the bucket in front (if that bucket holds {@code c + 1}) or opens its own. The
 * minimum is always the last position, so the replacement victim is found without search.
 *
 * <p><b>Allocation.</b> Every array, the bucket free list and the boxed slot numbers are allocated in the
 * constructor: at most one bucket per distinct count, so {@code capacity} buckets always suffice. An update of a
 * monitored key does one {@link HashMap#get} and a few array writes and allocates nothing. A new key allocates
 * only the {@code HashMap} node of its {@code put}.
 *
 * <p>Not thread-safe: one instance per map task, used on the task thread.
 */
final class StreamSummary {

  private final int capacity;
  private final Object[] keys;
  private final long[] counts;
  private final long[] errors;
  private final long[] observedBytes;
  /** Position to slot, counts non-increasing along positions. */
  private final int[] order;
  /** Slot to position: the inverse of {@link #order}. */
  private final int[] positionOf;
  /** Slot to the bucket holding its count. */
  private final int[] bucketOf;
  private final int[] bucketFirst;
  private final int[] bucketLast;
  /** Unused bucket ids, a stack of {@link #freeBucketCount} entries. */
  private final int[] freeBuckets;
  private int freeBucketCount;
  /** Slot numbers boxed once, so replacing a key does not box per record. */
  private final Integer[] slotIds;
  private final HashMap<Object, Integer> slotOf;
  private int size;

  StreamSummary(int capacity) {
    this.capacity = capacity;
    keys = new Object[capacity];
    counts = new long[capacity];
    errors = new long[capacity];
    observedBytes = new long[capacity];
    order = new int[capacity];
    positionOf = new int[capacity];
    bucketOf = new int[capacity];
    bucketFirst = new int[capacity];
    bucketLast = new int[capacity];
    freeBuckets = new int[capacity];
    slotIds = new Integer[capacity];
    for (int slot = 0; slot < capacity; slot++) {
      slotIds[slot] = slot;
    }
    slotOf = new HashMap<>(Math.max(16, (int) Math.min(1 << 30, capacity * 4L / 3 + 1)));
    clear();
  }

  int capacity() {
    return capacity;
  }

  int size() {
    return size;
  }

  /** The smallest monitored count, or 0 while a slot is free (then no key was ever evicted). */
  long minCount() {
    return size < capacity ? 0 : counts[order[size - 1]];
  }

  /** Counts one record of {@code key}: the Space-Saving update. */
  void offer(Object key, long recordBytes) {
    Integer slot = slotOf.get(key);
    if (slot != null) {
      increment(slot, recordBytes);
    } else if (size < capacity) {
      append(key, 1, 0, recordBytes);
    } else {
      replaceMin(key, recordBytes);
    }
  }

  /** Monitored entries, largest count first (ties in no particular order). */
  List<HeavyHitterSnapshot.Entry> entries() {
    List<HeavyHitterSnapshot.Entry> entries = new ArrayList<>(size);
    for (int position = 0; position < size; position++) {
      int slot = order[position];
      entries.add(new HeavyHitterSnapshot.Entry(keys[slot], counts[slot], errors[slot], observedBytes[slot]));
    }
    return entries;
  }

  /**
   * Replaces all counters with {@code entries}, which must be sorted by count, largest first, hold distinct
   * keys and number at most {@code capacity}.
   */
  void load(List<HeavyHitterSnapshot.Entry> entries) {
    clear();
    for (HeavyHitterSnapshot.Entry entry : entries) {
      append(entry.key(), entry.count(), entry.error(), entry.observedBytes());
    }
  }

  /**
   * Checks the layout invariants (sorted order, inverse positions, buckets covering exactly the runs of equal
   * counts, map and slots agreeing). For tests; O(k).
   *
   * @throws IllegalStateException naming the first broken invariant
   */
  void checkInvariants() {
    if (slotOf.size() != size) {
      throw new IllegalStateException("map holds " + slotOf.size() + " keys but " + size + " slots are in use");
    }
    int bucketsInUse = 0;
    for (int position = 0; position < size; position++) {
      int slot = order[position];
      if (positionOf[slot] != position) {
        throw new IllegalStateException("slot " + slot + " at position " + position + " thinks it is at "
            + positionOf[slot]);
      }
      Integer mapped = slotOf.get(keys[slot]);
      if (mapped == null || mapped != slot) {
        throw new IllegalStateException("map does not point key of slot " + slot + " at it");
      }
      boolean startsRun = position == 0 || counts[order[position - 1]] != counts[slot];
      if (position > 0 && counts[order[position - 1]] < counts[slot]) {
        throw new IllegalStateException("counts increase at position " + position);
      }
      int bucket = bucketOf[slot];
      if (startsRun) {
        bucketsInUse++;
        if (bucketFirst[bucket] != position) {
          throw new IllegalStateException("bucket " + bucket + " starts at " + bucketFirst[bucket]
              + " but its run starts at " + position);
        }
      } else if (bucket != bucketOf[order[position - 1]]) {
        throw new IllegalStateException("run of equal counts split across buckets at position " + position);
      }
      boolean endsRun = position == size - 1 || counts[order[position + 1]] != counts[slot];
      if (endsRun && bucketLast[bucket] != position) {
        throw new IllegalStateException("bucket " + bucket + " ends at " + bucketLast[bucket]
            + " but its run ends at " + position);
      }
    }
    if (bucketsInUse + freeBucketCount != capacity) {
      throw new IllegalStateException(bucketsInUse + " buckets in use and " + freeBucketCount
          + " free do not add up to " + capacity);
    }
  }

  private void clear() {
    Arrays.fill(keys, null);
    slotOf.clear();
    size = 0;
    freeBucketCount = capacity;
    for (int i = 0; i < capacity; i++) {
      freeBuckets[i] = capacity - 1 - i;
    }
  }

  /** Adds a key at the end of the order; {@code count} must not exceed the current minimum. */
  private void append(Object key, long count, long error, long bytes) {
    int slot = size;
    int position = size;
    size++;
    keys[slot] = key;
    counts[slot] = count;
    errors[slot] = error;
    observedBytes[slot] = bytes;
    order[position] = slot;
    positionOf[slot] = position;
    slotOf.put(key, slotIds[slot]);
    if (position > 0 && counts[order[position - 1]] == count) {
      int bucket = bucketOf[order[position - 1]];
      bucketLast[bucket] = position;
      bucketOf[slot] = bucket;
    } else {
      openBucket(slot, position);
    }
  }

  /** Evicts the minimum and lets {@code key} inherit its count as error (Metwally et al., Fig. 1). */
  private void replaceMin(Object key, long recordBytes) {
    int slot = order[size - 1];
    slotOf.remove(keys[slot]);
    keys[slot] = key;
    errors[slot] = counts[slot];
    observedBytes[slot] = 0;
    slotOf.put(key, slotIds[slot]);
    increment(slot, recordBytes);
  }

  private void increment(int slot, long recordBytes) {
    int bucket = bucketOf[slot];
    int first = bucketFirst[bucket];
    int position = positionOf[slot];
    int displaced = order[first];
    order[first] = slot;
    positionOf[slot] = first;
    order[position] = displaced;
    positionOf[displaced] = position;

    long newCount = counts[slot] + 1;
    counts[slot] = newCount;
    observedBytes[slot] += recordBytes;

    boolean joinsFront = first > 0 && counts[order[first - 1]] == newCount;
    boolean wasAlone = bucketLast[bucket] == first;
    if (wasAlone && !joinsFront) {
      return; // the bucket simply stands for newCount now
    }
    if (wasAlone) {
      freeBuckets[freeBucketCount++] = bucket;
    } else {
      bucketFirst[bucket] = first + 1;
    }
    if (joinsFront) {
      int front = bucketOf[order[first - 1]];
      bucketLast[front] = first;
      bucketOf[slot] = front;
    } else {
      openBucket(slot, first);
    }
  }

  private void openBucket(int slot, int position) {
    int bucket = freeBuckets[--freeBucketCount];
    bucketFirst[bucket] = position;
    bucketLast[bucket] = position;
    bucketOf[slot] = bucket;
  }
}

package io.spillway.it.cases;

/**
 * Per-key record counts and distinct-value counts of a {@link GenSkewedPairs}, computed on the driver in
 * plain Java: the expected answer of the grouping cases, independent of Spark's shuffle.
 *
 * <p>Cost: O(records) time and O(keys) memory (two {@code long[]} indexed by key). Distinct values are
 * counted per block of {@code valuesPerBlock} consecutive records, which share one value that no other
 * block has: each distinct key within a block adds one distinct value to that key.
 */
public final class GenKeyStats {

  private final long[] countByKey;
  private final long[] distinctByKey;

  private GenKeyStats(long[] countByKey, long[] distinctByKey) {
    this.countByKey = countByKey;
    this.distinctByKey = distinctByKey;
  }

  public static GenKeyStats of(GenSkewedPairs gen) {
    int keys = Math.toIntExact(gen.coldKeys() + 1);
    long[] counts = new long[keys];
    long[] distinct = new long[keys];
    int blockSize = Math.toIntExact(gen.valuesPerBlock());
    int[] blockKeys = new int[blockSize];
    for (long blockStart = 0; blockStart < gen.records(); blockStart += blockSize) {
      int n = (int) Math.min(blockSize, gen.records() - blockStart);
      for (int j = 0; j < n; j++) {
        int k = (int) gen.key(blockStart + j);
        blockKeys[j] = k;
        counts[k]++;
        if (!seenBefore(blockKeys, j, k)) {
          distinct[k]++;
        }
      }
    }
    return new GenKeyStats(counts, distinct);
  }

  private static boolean seenBefore(int[] keys, int upTo, int key) {
    for (int i = 0; i < upTo; i++) {
      if (keys[i] == key) {
        return true;
      }
    }
    return false;
  }

  /** Keys {@code 0..coldKeys}; some cold keys may have no records at small sizes. */
  public int keySlots() {
    return countByKey.length;
  }

  public long count(long key) {
    return countByKey[(int) key];
  }

  public long distinct(long key) {
    return distinctByKey[(int) key];
  }
}

package io.spillway.shuffle.skew;

import java.util.SplittableRandom;

/** Deterministic key streams (fixed seeds) for the accuracy tests: the same keys in the same order every run. */
final class KeyStreams {

  private KeyStreams() {
  }

  /** Keys 0..universe-1 with P(rank r) proportional to 1/(r+1)^exponent; key 0 is the most frequent. */
  static int[] zipf(int records, int universe, double exponent, long seed) {
    double[] cumulative = new double[universe];
    double sum = 0;
    for (int rank = 0; rank < universe; rank++) {
      sum += 1.0 / Math.pow(rank + 1, exponent);
      cumulative[rank] = sum;
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] keys = new int[records];
    for (int i = 0; i < records; i++) {
      double target = random.nextDouble() * sum;
      int low = 0;
      int high = universe - 1;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (cumulative[mid] < target) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      keys[i] = low;
    }
    return keys;
  }

  /** Keys drawn uniformly from 0..universe-1. */
  static int[] uniform(int records, int universe, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] keys = new int[records];
    for (int i = 0; i < records; i++) {
      keys[i] = random.nextInt(universe);
    }
    return keys;
  }

  /** {@code hotKey} with probability {@code hotShare}, else a uniform key from 1..coldUniverse. */
  static int[] oneHot(int records, int hotKey, double hotShare, int coldUniverse, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] keys = new int[records];
    for (int i = 0; i < records; i++) {
      keys[i] = random.nextDouble() < hotShare ? hotKey : 1 + random.nextInt(coldUniverse);
    }
    return keys;
  }

  /** {@code coldKeys} distinct keys once each, then {@code hotKey} {@code hotRecords} times: the hot key last. */
  static int[] hotKeyLast(int coldKeys, int hotKey, int hotRecords) {
    int[] keys = new int[coldKeys + hotRecords];
    for (int i = 0; i < coldKeys; i++) {
      keys[i] = hotKey + 1 + i;
    }
    for (int i = coldKeys; i < keys.length; i++) {
      keys[i] = hotKey;
    }
    return keys;
  }

  /** Key i (1..distinct) repeated i times in one run, rarest first: each key arrives after the counters fill. */
  static int[] ascendingRuns(int distinct) {
    int[] keys = new int[distinct * (distinct + 1) / 2];
    int next = 0;
    for (int key = 1; key <= distinct; key++) {
      for (int i = 0; i < key; i++) {
        keys[next++] = key;
      }
    }
    return keys;
  }

  /** Serialized size the tests charge for a record of {@code key}: depends on the key only, 8 to 70 bytes. */
  static long recordBytes(Object key) {
    return 8 + Math.floorMod(java.util.Objects.hashCode(key), 63);
  }
}

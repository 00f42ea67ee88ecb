package io.spillway.it.cases;

import org.apache.spark.api.java.JavaRDD;

/**
 * The hashing and the order-independent checksum every S1–S5 case reports.
 *
 * <p>Why a sum of mixed hashes: a shuffle delivers records in an order that depends on partitioning,
 * spilling and task retries, so the checksum must not depend on order. Each item (a group's key and
 * aggregates, a joined pair, …) is mixed into one 64-bit hash and the hashes are added with wrap-around;
 * the count of items travels with the sum, so a lost or duplicated item changes the answer.
 *
 * <p>{@link #mix64} is the SplitMix64 finalizer, a bijection on 64-bit values: distinct inputs give
 * distinct outputs, which the generators rely on to know exactly how many distinct values they emit.
 */
public final class GenChecksum {

  /** The 64-bit golden ratio, used to spread one operand before combining it with another. */
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private GenChecksum() {}

  /** SplitMix64's finalizer: a bijective, well-mixed 64-bit hash. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** An order-sensitive hash of two values (a key and its aggregate, say). */
  public static long hash(long a, long b) {
    return mix64(mix64(a) + b * GOLDEN);
  }

  /** An order-sensitive hash of three values. */
  public static long hash(long a, long b, long c) {
    return mix64(hash(a, b) + c * GOLDEN);
  }

  /** How a case renders a checksum: the item count and the wrap-around sum of their hashes. */
  public static String render(long items, long hashSum) {
    return String.format("items=%d checksum=%016x", items, hashSum);
  }

  /**
   * Counts and sums {@code hashes} on the executors and renders the result: the job's final action,
   * which brings back two longs rather than the data.
   */
  public static String sumOnExecutors(JavaRDD<Long> hashes) {
    long[] countAndSum = hashes
        .map(h -> new long[] {1L, h})
        .reduce((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
    return render(countAndSum[0], countAndSum[1]);
  }

  /** A driver-side accumulator for the expected checksum: the same count and sum, in plain Java. */
  public static final class Accumulator {
    private long items;
    private long hashSum;

    public void add(long hash) {
      items++;
      hashSum += hash;
    }

    public long items() {
      return items;
    }

    public String render() {
      return GenChecksum.render(items, hashSum);
    }
  }
}

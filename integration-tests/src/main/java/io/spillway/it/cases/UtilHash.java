package io.spillway.it.cases;

/**
 * The pure functions every generator of cases S6–S11 is built from: a 64-bit mixer and what derives
 * from it. Why one mixer everywhere: an executor and the driver must produce bit-identical values from
 * {@code (seed, index)} so that the driver can compute a case's expected answer without Spark, and sums of
 * well-mixed 64-bit values give an order-independent checksum that any lost, duplicated or altered record
 * changes.
 */
public final class UtilHash {

  /** The golden-ratio increment of SplitMix64; spreads consecutive seeds apart before mixing. */
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  /** 2^-53: turns the top 53 bits of a hash into a double in [0, 1). */
  private static final double UNIT_SCALE = 0x1.0p-53;

  private UtilHash() {}

  /** The SplitMix64 finalizer (Steele, Lea and Flood 2014): a bijection whose output bits all depend on all input bits. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A hash of the pair {@code (a, b)}; not symmetric, so {@code hash(1, 2) != hash(2, 1)} in general. */
  public static long hash(long a, long b) {
    return mix64(mix64(a * GOLDEN_GAMMA + 1) ^ (b * GOLDEN_GAMMA));
  }

  /** A uniform double in [0, 1) from a hash. */
  public static double unit(long hash) {
    return (hash >>> 11) * UNIT_SCALE;
  }

  /** A uniform long in [0, bound) from a hash; {@code bound} must be positive. */
  public static long below(long hash, long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be > 0, was " + bound);
    }
    return Math.floorMod(hash, bound);
  }
}

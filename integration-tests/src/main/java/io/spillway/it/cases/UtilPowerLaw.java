package io.spillway.it.cases;

/**
 * Power-law ids from uniform hashes, for generated graphs and skewed keys. {@code index(h, n)} is
 * {@code floor(n * u^EXPONENT)} for {@code u = unit(h)}: id {@code v} then has probability about
 * {@code v^(1/EXPONENT - 1)}, so low ids are hubs and the tail is long — the shape of real in-degree
 * distributions, obtained without any table (the driver and executors compute it from the hash alone).
 */
public final class UtilPowerLaw {

  /** Larger means a heavier head; 3 puts about 10% of draws on the lowest 0.1% of ids. */
  public static final double EXPONENT = 3.0;

  private UtilPowerLaw() {}

  /** A power-law distributed id in [0, n). */
  public static int index(long hash, int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be > 0, was " + n);
    }
    int v = (int) (n * Math.pow(UtilHash.unit(hash), EXPONENT));
    return Math.min(v, n - 1);
  }
}

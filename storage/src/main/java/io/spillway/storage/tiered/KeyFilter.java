package io.spillway.storage.tiered;

/**
 * A Bloom filter over one off-heap map's keys, so that a lookup of a key the map does not hold — every new
 * key of an aggregation, in every chained map — usually costs one cache line on the heap instead of a
 * Chronicle Map query. One-word blocked: the bits of a key all lie in one {@code long}, chosen by the
 * hash's high bits, so a query touches one word.
 *
 * <p>Sized for the map's capacity at {@link #BITS_PER_ENTRY} bits per entry (about 4 % false positives with
 * {@link #BITS_PER_KEY} bits per key in a 64-bit block); not past {@link #MAX_WORDS} words (8 MiB), beyond
 * which the false-positive rate rises but no answer is ever wrong: bits are only set, never cleared, so a
 * removed key may still answer "maybe" (one wasted query), and a held key always does.
 */
final class KeyFilter {

  static final int BITS_PER_ENTRY = 8;
  static final int BITS_PER_KEY = 4;
  static final int MAX_WORDS = 1 << 20;

  private final long[] words;
  private final int mask;

  /** A filter for a map of {@code capacity} entries. */
  KeyFilter(long capacity) {
    long wanted = Math.max(1, capacity * BITS_PER_ENTRY / 64);
    int n = Integer.highestOneBit((int) Math.min(MAX_WORDS, wanted));
    if (n < wanted && n < MAX_WORDS) {
      n <<= 1;
    }
    this.words = new long[n];
    this.mask = n - 1;
  }

  void add(long hash) {
    words[word(hash)] |= bits(hash);
  }

  /** False only if the key of {@code hash} was never added. */
  boolean mightContain(long hash) {
    long b = bits(hash);
    return (words[word(hash)] & b) == b;
  }

  /** Heap bytes of the bit array. */
  long bytes() {
    return 8L * words.length;
  }

  private int word(long hash) {
    return (int) (hash >>> 40) & mask;
  }

  private static long bits(long hash) {
    long b = 0;
    for (int i = 0; i < BITS_PER_KEY; i++) {
      b |= 1L << ((hash >>> (6 * i)) & 63);
    }
    return b;
  }
}

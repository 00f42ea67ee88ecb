package io.spillway.it.cases;

import java.util.Arrays;

/** What user code in the seed cases does with a group of longs: copy it out, count distinct values. */
public final class GenLongs {

  private GenLongs() {}

  /** Copies {@code values} into an array, as {@code x._2.toList} does in seed case 5. */
  public static long[] materialize(Iterable<Long> values) {
    long[] out = new long[16];
    int n = 0;
    for (Long v : values) {
      if (n == out.length) {
        out = Arrays.copyOf(out, Math.multiplyExact(out.length, 2));
      }
      out[n++] = v;
    }
    return Arrays.copyOf(out, n);
  }

  /** Distinct values of {@code values}, sorting it in place. */
  public static long distinctCount(long[] values) {
    Arrays.sort(values);
    long distinct = 0;
    for (int i = 0; i < values.length; i++) {
      if (i == 0 || values[i] != values[i - 1]) {
        distinct++;
      }
    }
    return distinct;
  }
}

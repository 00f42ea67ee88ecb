package io.spillway.it.cases;

import java.util.Comparator;
import java.util.List;

/**
 * Checks a sort's global order from one small summary per output partition, so the job never collects its
 * records. A summary is {@code [index, count, checksum, sorted (1/0), firstKey, lastKey]} with keys as
 * unsigned 64-bit numbers (16-hex-digit keys parsed, so their string order is their unsigned order).
 * Global order holds when every partition is sorted and each non-empty partition's first key is not below
 * the previous non-empty partition's last key.
 */
public final class UtilSortCheck {

  private static final int INDEX = 0;
  private static final int COUNT = 1;
  private static final int CHECKSUM = 2;
  private static final int SORTED = 3;
  private static final int FIRST_KEY = 4;
  private static final int LAST_KEY = 5;

  private UtilSortCheck() {}

  /** The summary of a partition; {@code firstKey}/{@code lastKey} are 16-hex-digit strings or null when empty. */
  public static long[] stats(int index, long count, long checksum, boolean sorted, String firstKey, String lastKey) {
    return new long[] {index, count, checksum, sorted ? 1 : 0, parse(firstKey), parse(lastKey)};
  }

  public static boolean globallySorted(List<long[]> partitions) {
    List<long[]> byIndex = partitions.stream().sorted(Comparator.comparingLong(s -> s[INDEX])).toList();
    Long previousLast = null;
    for (long[] s : byIndex) {
      if (s[SORTED] != 1) {
        return false;
      }
      if (s[COUNT] == 0) {
        continue;
      }
      if (previousLast != null && Long.compareUnsigned(previousLast, s[FIRST_KEY]) > 0) {
        return false;
      }
      previousLast = s[LAST_KEY];
    }
    return true;
  }

  public static long count(List<long[]> partitions) {
    return partitions.stream().mapToLong(s -> s[COUNT]).sum();
  }

  public static long checksum(List<long[]> partitions) {
    return partitions.stream().mapToLong(s -> s[CHECKSUM]).sum();
  }

  private static long parse(String hexKey) {
    return hexKey == null ? 0 : Long.parseUnsignedLong(hexKey, 16);
  }
}

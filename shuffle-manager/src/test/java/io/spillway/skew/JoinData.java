package io.spillway.skew;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import scala.Tuple2;

/**
 * Generated join inputs with every shape the salted join must get right. Values are short strings (about 50
 * bytes each on the heap); with {@link #OPTIONS} a key is hot above 1 KiB, i.e. above roughly 20 rows.
 * <ul>
 *   <li>key 1: hot on the left (300 rows), 2 rows on the right;</li>
 *   <li>key 2: 3 rows on the left, hot on the right (300 rows);</li>
 *   <li>key 3: hot on both sides, left larger (200 / 40 rows);</li>
 *   <li>key 6: hot on both sides, right larger (30 / 250 rows);</li>
 *   <li>key 4: hot on the left only, no right rows; key 5: hot on the right only, no left rows;</li>
 *   <li>the null key (Spark's joins match null keys with each other): hot on the left (150 rows), 2 right rows;</li>
 *   <li>keys 100..399: cold, 0–3 rows per side (so some are one-sided);</li>
 *   <li>optionally null values, about one in 50 rows.</li>
 * </ul>
 */
final class JoinData {

  /** Small buckets so that the hot keys above are split into 5–15 buckets each. */
  static final SkewJoin.Options OPTIONS = SkewJoin.Options.defaults()
      .withSampleFraction(0.5)
      .withBucketBytes(1024)
      .withSeed(11);

  private JoinData() {}

  static List<Tuple2<Long, String>> left(boolean nulls) {
    List<Tuple2<Long, String>> rows = new ArrayList<>();
    add(rows, 1L, 300, "L", nulls);
    add(rows, 2L, 3, "L", nulls);
    add(rows, 3L, 200, "L", nulls);
    add(rows, 6L, 30, "L", nulls);
    add(rows, 4L, 200, "L", nulls);
    add(rows, null, 150, "L", nulls);
    addCold(rows, 7, "L", nulls);
    return rows;
  }

  static List<Tuple2<Long, String>> right(boolean nulls) {
    List<Tuple2<Long, String>> rows = new ArrayList<>();
    add(rows, 1L, 2, "R", nulls);
    add(rows, 2L, 300, "R", nulls);
    add(rows, 3L, 40, "R", nulls);
    add(rows, 6L, 250, "R", nulls);
    add(rows, 5L, 200, "R", nulls);
    add(rows, null, 2, "R", nulls);
    addCold(rows, 13, "R", nulls);
    return rows;
  }

  private static void add(List<Tuple2<Long, String>> rows, Long key, int count, String side, boolean nulls) {
    for (int i = 0; i < count; i++) {
      rows.add(new Tuple2<>(key, value(side, key, i, nulls)));
    }
  }

  private static void addCold(List<Tuple2<Long, String>> rows, long seed, String side, boolean nulls) {
    Random random = new Random(seed);
    for (long key = 100; key < 400; key++) {
      add(rows, key, random.nextInt(4), side, nulls);
    }
  }

  private static String value(String side, Long key, int i, boolean nulls) {
    if (nulls && ((key == null ? 0 : key) * 31 + i) % 50 == 0) {
      return null;
    }
    return side + key + "-" + i;
  }
}

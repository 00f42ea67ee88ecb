package io.spillway.shuffle.cogroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.LocalSpark;
import io.spillway.shuffle.group.SpilledGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.Tuple3;

/**
 * Plain RDD joins and cogroups through the cogroup agent, in this JVM's local context: a hot key whose values
 * pass the group-spill threshold on one side, on the other, and on both, compared with results computed here
 * from the same rows (multisets).
 */
class CoGroupLocalModeTest {

  private static final List<String> RATIOS = List.of("spark.spillway.shuffle.groupSpillHeapRatio",
      "spark.spillway.shuffle.groupSpillCalmHeapRatio");
  /**
   * A ~40 KB threshold on the test JVM's 2 GiB heap: a hot key's thousands of rows spill, a cold key's two rows
   * never do.
   */
  private static final String SMALL_RATIO = "0.00002";
  private static final int HOT_ROWS = 60_000;
  private static final int COLD_KEYS = 2_000;

  private static final Map<String, String> saved = new HashMap<>();

  /** The thresholds are read from SparkEnv's conf when a partition is computed. */
  @BeforeAll
  static void smallThreshold() {
    LocalSpark.context();
    SparkConf conf = SparkEnv.get().conf();
    for (String key : RATIOS) {
      saved.put(key, conf.get(key, null));
      conf.set(key, SMALL_RATIO);
    }
  }

  @AfterAll
  static void restoreThreshold() {
    SparkConf conf = SparkEnv.get().conf();
    saved.forEach((key, value) -> {
      if (value == null) {
        conf.remove(key);
      } else {
        conf.set(key, value);
      }
    });
  }

  /** Rows of one side: {@code hotRows} rows on key 0 (if any), cold keys of {@code [from, to)} with two rows each. */
  private static List<Tuple2<Integer, String>> side(String tag, int hotRows, int from, int to) {
    List<Tuple2<Integer, String>> rows = new ArrayList<>();
    for (int i = 0; i < hotRows; i++) {
      rows.add(new Tuple2<>(0, tag + "-hot-" + i));
    }
    for (int k = from; k < to; k++) {
      rows.add(new Tuple2<>(k, tag + "-" + k + "-a"));
      rows.add(new Tuple2<>(k, tag + "-" + k + "-b"));
    }
    Collections.shuffle(rows, new java.util.Random(tag.hashCode()));
    return rows;
  }

  private static Map<Integer, List<String>> byKey(List<Tuple2<Integer, String>> rows) {
    Map<Integer, List<String>> m = new HashMap<>();
    rows.forEach(r -> m.computeIfAbsent(r._1(), k -> new ArrayList<>()).add(r._2()));
    return m;
  }

  /** Expected (key, left, right) rows of a join; {@code keepLeft}/{@code keepRight} make it outer on that side. */
  private static String expectedJoin(List<Tuple2<Integer, String>> left, List<Tuple2<Integer, String>> right,
      boolean keepLeft, boolean keepRight) {
    Map<Integer, List<String>> l = byKey(left);
    Map<Integer, List<String>> r = byKey(right);
    long[] digest = new long[2];
    java.util.function.Consumer<String> add = row -> {
      digest[0]++;
      digest[1] += mix(row);
    };
    java.util.Set<Integer> keys = new java.util.HashSet<>(l.keySet());
    keys.addAll(r.keySet());
    for (int k : keys) {
      List<String> ls = l.getOrDefault(k, List.of());
      List<String> rs = r.getOrDefault(k, List.of());
      if (!ls.isEmpty() && !rs.isEmpty()) {
        ls.forEach(a -> rs.forEach(b -> add.accept(k + "|" + a + "|" + b)));
      } else if (!ls.isEmpty() && keepLeft) {
        ls.forEach(a -> add.accept(k + "|" + a + "|-"));
      } else if (!rs.isEmpty() && keepRight) {
        rs.forEach(b -> add.accept(k + "|-|" + b));
      }
    }
    return digest[0] + " rows, sum " + digest[1];
  }

  /** An order-independent digest of a multiset of rows: their count and the sum of a 64-bit mix of each. */
  private static String digest(JavaRDD<String> rows) {
    Tuple2<Long, Long> d = rows.map(row -> new Tuple2<>(1L, mix(row)))
        .reduce((a, b) -> new Tuple2<>(a._1() + b._1(), a._2() + b._2()));
    return d._1() + " rows, sum " + d._2();
  }

  private static long mix(String row) {
    long h = row.hashCode() * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29) ^ ((long) row.length() << 32);
  }

  private static List<String> sorted(List<?> rows) {
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(String.valueOf(r)));
    Collections.sort(out);
    return out;
  }

  private static String opt(org.apache.spark.api.java.Optional<String> o) {
    return o.orElse("-");
  }

  private static void assertCoGroupRewritten() {
    assertThat(System.getProperty("spillway.cogroup.agent")).isEqualTo("installed");
    assertThat(System.getProperty("spillway.cogroup.rewrite")).isEqualTo("rewritten");
  }

  @Test
  void everyJoinTypeWithAHotKeyOnEitherSideOrBothEqualsTheJoinComputedHere() {
    JavaSparkContext jsc = LocalSpark.context();
    // hot on the left only, on the right only, on both (both small enough that the cross product stays testable)
    int[][] hotRows = {{HOT_ROWS, 0}, {0, HOT_ROWS}, {3_000, 2_500}};
    for (int[] hot : hotRows) {
      // left keys [1, COLD_KEYS), right keys [COLD_KEYS / 2, COLD_KEYS * 3 / 2): overlapping and one-sided keys
      List<Tuple2<Integer, String>> left = side("L", hot[0], 1, COLD_KEYS);
      List<Tuple2<Integer, String>> right = side("R", hot[1], COLD_KEYS / 2, COLD_KEYS * 3 / 2);
      if (hot[1] == 0) {
        right.add(new Tuple2<>(0, "R-only-row-of-hot-key"));
      }
      if (hot[0] == 0) {
        left.add(new Tuple2<>(0, "L-only-row-of-hot-key"));
      }
      JavaPairRDD<Integer, String> l = jsc.parallelizePairs(left, 4);
      JavaPairRDD<Integer, String> r = jsc.parallelizePairs(right, 3);

      assertThat(digest(l.join(r, 4).map(t -> t._1() + "|" + t._2()._1() + "|" + t._2()._2())))
          .as("join, hot rows %s", java.util.Arrays.toString(hot)).isEqualTo(expectedJoin(left, right, false, false));
      assertThat(digest(l.leftOuterJoin(r, 4).map(t -> t._1() + "|" + t._2()._1() + "|" + opt(t._2()._2()))))
          .as("leftOuterJoin").isEqualTo(expectedJoin(left, right, true, false));
      assertThat(digest(l.rightOuterJoin(r, 4).map(t -> t._1() + "|" + opt(t._2()._1()) + "|" + t._2()._2())))
          .as("rightOuterJoin").isEqualTo(expectedJoin(left, right, false, true));
      assertThat(digest(l.fullOuterJoin(r, 4)
          .map(t -> t._1() + "|" + opt(t._2()._1()) + "|" + opt(t._2()._2()))))
          .as("fullOuterJoin").isEqualTo(expectedJoin(left, right, true, true));
      if (hot[0] > 0 && hot[1] > 0) {
        List<String> hotGroups = l.cogroup(r, 4).filter(kv -> kv._1() == 0)
            .map(kv -> (((Object) kv._2()._1()) instanceof SpilledGroup) + "/" + (((Object) kv._2()._2()) instanceof SpilledGroup))
            .collect();
        assertThat(hotGroups).as("both sides of the hot key spilled").containsExactly("true/true");
      }
    }
    assertCoGroupRewritten();
  }

  @Test
  void aHotGroupComesAsASpilledGroupThatIteratesTwiceWhileTheOtherSidesStayInMemory() {
    JavaSparkContext jsc = LocalSpark.context();
    List<Tuple2<Integer, String>> a = side("A", HOT_ROWS, 1, 500);
    List<Tuple2<Integer, String>> b = side("B", 0, 1, 500);
    b.add(new Tuple2<>(0, "B-hot-one"));
    List<Tuple2<Integer, String>> c = side("C", 0, 250, 750);
    // a is co-partitioned with the cogroup (a one-to-one input); b and c are shuffled
    HashPartitioner part = new HashPartitioner(4);
    JavaPairRDD<Integer, String> aRdd = jsc.parallelizePairs(a, 3).partitionBy(part);
    List<String> seen = aRdd.cogroup(jsc.parallelizePairs(b, 2), jsc.parallelizePairs(c, 2), part)
        .mapPartitions(it -> {
          List<String> out = new ArrayList<>();
          while (it.hasNext()) {
            Tuple2<Integer, Tuple3<Iterable<String>, Iterable<String>, Iterable<String>>> kv = it.next();
            Iterable<String> as = kv._2()._1();
            long first = 0;
            long second = 0;
            for (String ignored : as) {
              first++;
            }
            for (String ignored : as) {
              second++;
            }
            long bs = count(kv._2()._2());
            out.add(kv._1() + ":" + first + "/" + second + "/" + bs + "/" + count(kv._2()._3())
                + (kv._1() == 0 ? ":" + (((Object) as) instanceof SpilledGroup) + "/" + (((Object) kv._2()._2()) instanceof SpilledGroup) : ""));
          }
          return out.iterator();
        }).collect();
    Map<Integer, List<String>> am = byKey(a);
    Map<Integer, List<String>> bm = byKey(b);
    Map<Integer, List<String>> cm = byKey(c);
    List<String> expected = new ArrayList<>();
    java.util.Set<Integer> keys = new java.util.TreeSet<>(am.keySet());
    keys.addAll(bm.keySet());
    keys.addAll(cm.keySet());
    for (int k : keys) {
      int na = am.getOrDefault(k, List.of()).size();
      expected.add(k + ":" + na + "/" + na + "/" + bm.getOrDefault(k, List.of()).size() + "/"
          + cm.getOrDefault(k, List.of()).size() + (k == 0 ? ":true/false" : ""));
    }
    assertThat(sorted(seen)).isEqualTo(sorted(expected));
    assertCoGroupRewritten();
  }

  /** Spark's temp-local files (where group spills and map runs go) in this JVM's local dirs. */
  private static long tempLocalFiles() throws java.io.IOException {
    long n = 0;
    for (java.io.File dir : SparkEnv.get().blockManager().diskBlockManager().localDirs()) {
      try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(dir.toPath())) {
        n += files.filter(f -> f.getFileName().toString().startsWith("temp_local_")).count();
      }
    }
    return n;
  }

  @Test
  void aTaskThatFailsInTheMiddleOfASpilledGroupLeavesNoFileBehindAndSpillsShowInSparksMetrics() throws Exception {
    JavaSparkContext jsc = LocalSpark.context();
    List<Tuple2<Integer, String>> a = side("A", HOT_ROWS, 1, 200);
    List<Tuple2<Integer, String>> b = side("B", 10, 1, 200);
    JavaPairRDD<Integer, String> aRdd = jsc.parallelizePairs(a, 2);
    JavaPairRDD<Integer, String> bRdd = jsc.parallelizePairs(b, 2);

    long[] spilledBytes = {0};
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          synchronized (spilledBytes) {
            spilledBytes[0] += end.taskMetrics().diskBytesSpilled();
          }
        }
      }
    };
    jsc.sc().addSparkListener(listener);
    try {
      long before = tempLocalFiles();
      org.junit.jupiter.api.Assertions.assertThrows(org.apache.spark.SparkException.class, () ->
          aRdd.cogroup(bRdd, 2).foreach(kv -> {
            if (kv._1() == 0) {
              int read = 0;
              for (String ignored : kv._2()._1()) {
                if (++read == HOT_ROWS / 2) {
                  throw new IllegalStateException("the user's code fails half-way through the hot group");
                }
              }
            }
          }));
      // A group handed to user code owns its files and deletes them once unreachable (a cached block may hold it,
      // even from a failed task), so they go with the next collection; the other task of the stage is killed.
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (tempLocalFiles() > before && System.nanoTime() < deadline) {
        System.gc();
        Thread.sleep(100);
      }
      assertThat(tempLocalFiles()).as("temp-local files after the failed job").isLessThanOrEqualTo(before);

      // the same cogroup, finishing: its spill shows in Spark's task metrics
      assertThat(aRdd.cogroup(bRdd, 2).filter(kv -> kv._1() == 0).map(kv -> count(kv._2()._1())).collect())
          .containsExactly((long) HOT_ROWS);
      jsc.sc().listenerBus().waitUntilEmpty();
      synchronized (spilledBytes) {
        assertThat(spilledBytes[0]).as("disk bytes spilled reported by the cogroup's tasks").isPositive();
      }
    } finally {
      jsc.sc().removeSparkListener(listener);
    }
  }

  private static long count(Iterable<String> values) {
    long n = 0;
    for (String ignored : values) {
      n++;
    }
    return n;
  }
}

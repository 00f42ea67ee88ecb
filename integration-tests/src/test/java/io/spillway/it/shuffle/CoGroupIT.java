package io.spillway.it.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * Plain RDD joins and cogroups through Spillway's cogroup in real executor JVMs: the shuffle manager loads the
 * cogroup agent into each executor at start, a hot key's values on each side go to disk as spilled groups, and
 * the answers equal those computed here from the same rows. With {@code spark.spillway.shuffle.cogroup.enabled=false}
 * no agent is loaded and Spark's own buffers come back.
 */
class CoGroupIT {

  private static final int HOT_LEFT = 20_000;
  private static final int HOT_RIGHT = 2_000;
  /** Makes a right-side value about 100 bytes, so the right side's hot group passes the threshold too. */
  private static final String PADDING = "-".repeat(90);
  private static final int KEYS = 5_000;

  /** A ~100 KB group threshold on the executors' 1 GiB heaps: the hot key spills on both sides, no cold key does. */
  private static SparkConf conf(boolean coGroup) {
    return ShuffleClusters.SPILLWAY.conf("cogroup-it", CoGroupIT.class)
        .set("spark.spillway.shuffle.groupSpillHeapRatio", "0.0001")
        .set("spark.spillway.shuffle.groupSpillCalmHeapRatio", "0.0001")
        .set("spark.spillway.shuffle.cogroup.enabled", Boolean.toString(coGroup))
        .set("spark.task.maxFailures", "1");
  }

  /** Left rows: HOT_LEFT on key 0, one per key 1..KEYS. Right rows: HOT_RIGHT on key 0, one per even key. */
  private static JavaPairRDD<Integer, Long> left(JavaSparkContext sc) {
    return sc.parallelize(IntStream.range(0, 4).boxed().toList(), 4).flatMapToPair(p -> {
      List<Tuple2<Integer, Long>> rows = new ArrayList<>();
      for (int i = p; i < HOT_LEFT; i += 4) {
        rows.add(new Tuple2<>(0, (long) i));
      }
      for (int k = 1 + p; k <= KEYS; k += 4) {
        rows.add(new Tuple2<>(k, (long) k * 7));
      }
      return rows.iterator();
    });
  }

  private static JavaPairRDD<Integer, String> right(JavaSparkContext sc) {
    return sc.parallelize(IntStream.range(0, 3).boxed().toList(), 3).flatMapToPair(p -> {
      List<Tuple2<Integer, String>> rows = new ArrayList<>();
      for (int i = p; i < HOT_RIGHT; i += 3) {
        rows.add(new Tuple2<>(0, rightValue(i)));
      }
      for (int k = 2 + 2 * p; k <= KEYS; k += 6) {
        rows.add(new Tuple2<>(k, rightValue(k * 11)));
      }
      return rows.iterator();
    });
  }

  private static String rightValue(int i) {
    return "r" + i + PADDING;
  }

  /** (rows, sum of a mix of each joined row) of the inner join, computed here. */
  private static List<Long> expectedJoin() {
    long rows = 0;
    long sum = 0;
    for (long a = 0; a < HOT_LEFT; a++) {
      for (int b = 0; b < HOT_RIGHT; b++) {
        rows++;
        sum += mix(0, a, rightValue(b));
      }
    }
    for (int k = 2; k <= KEYS; k += 2) {
      rows++;
      sum += mix(k, (long) k * 7, rightValue(k * 11));
    }
    return List.of(rows, sum);
  }

  private static long mix(int key, long a, String b) {
    long h = (key * 0x9E3779B97F4A7C15L) ^ (a * 0xC2B2AE3D27D4EB4FL) ^ (b.hashCode() * 0x165667B19E3779F9L);
    return h ^ (h >>> 31);
  }

  /** Each executor's "id agent-outcome rewrite-outcome". */
  private static TreeSet<String> agentOnExecutors(JavaSparkContext sc) {
    TreeSet<String> seen = new TreeSet<>();
    for (int round = 0; round < 5 && seen.size() < ShuffleClusters.EXECUTORS; round++) {
      seen.addAll(sc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8)
          .map(i -> org.apache.spark.SparkEnv.get().executorId() + " " + System.getProperty("spillway.cogroup.agent")
              + " " + System.getProperty("spillway.cogroup.rewrite"))
          .collect());
    }
    return seen;
  }

  /** The class names of the hot key's two groups, and (values per side) of every key, from a plain cogroup. */
  private static Map<String, Object> cogroupShape(JavaSparkContext sc) {
    List<Tuple2<Integer, String>> shape = left(sc).cogroup(right(sc), 4)
        .mapToPair(kv -> {
          long l = 0;
          long r = 0;
          for (Long ignored : kv._2()._1()) {
            l++;
          }
          for (String ignored : kv._2()._2()) {
            r++;
          }
          for (Long ignored : kv._2()._1()) { // a second pass over the group, as a nested loop does
            l++;
          }
          String classes = kv._1() == 0
              ? " " + ((Object) kv._2()._1()).getClass().getSimpleName() + "/" + ((Object) kv._2()._2()).getClass().getSimpleName()
              : "";
          return new Tuple2<>(kv._1(), l / 2 + "/" + r + classes);
        }).collect();
    Map<String, Object> out = new HashMap<>();
    shape.forEach(t -> out.put(Integer.toString(t._1()), t._2()));
    return out;
  }

  @Test
  void joinAndCogroupOnAHotKey_spillBothSidesOnRealExecutors_andEqualTheAnswerComputedHere() throws Exception {
    try (JavaSparkContext sc = new JavaSparkContext(conf(true))) {
      ShuffleClusters.awaitExecutors(sc);
      Tuple2<Long, Long> got = left(sc).join(right(sc), 4)
          .map(t -> new Tuple2<>(1L, mix(t._1(), t._2()._1(), t._2()._2())))
          .reduce((a, b) -> new Tuple2<>(a._1() + b._1(), a._2() + b._2()));
      assertThat(List.of(got._1(), got._2())).isEqualTo(expectedJoin());

      Map<String, Object> shape = cogroupShape(sc);
      assertThat(shape.get("0")).isEqualTo(HOT_LEFT + "/" + HOT_RIGHT + " SpilledGroup/SpilledGroup");
      assertThat(shape).hasSize(KEYS + 1);
      assertThat(shape.get("2")).isEqualTo("1/1");
      assertThat(shape.get("3")).isEqualTo("1/0");

      assertThat(agentOnExecutors(sc)).hasSize(ShuffleClusters.EXECUTORS)
          .allSatisfy(e -> assertThat(e).endsWith(" installed rewritten"));
    }
  }

  @Test
  void switchedOff_loadsNoAgentAndSparksOwnBuffersComeBack() throws Exception {
    try (JavaSparkContext sc = new JavaSparkContext(conf(false))) {
      ShuffleClusters.awaitExecutors(sc);
      Map<String, Object> shape = cogroupShape(sc);
      // Spark's CompactBuffers, as the Java API shows them (a wrapper of a Scala Iterable)
      assertThat(shape.get("0")).isEqualTo(HOT_LEFT + "/" + HOT_RIGHT + " IterableWrapper/IterableWrapper");
      assertThat(agentOnExecutors(sc)).hasSize(ShuffleClusters.EXECUTORS)
          .allSatisfy(e -> assertThat(e).endsWith(" null null"));
    }
  }
}

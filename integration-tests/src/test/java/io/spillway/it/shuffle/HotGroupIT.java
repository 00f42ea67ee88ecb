package io.spillway.it.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import scala.Tuple2;

/**
 * groupByKey with a group far past Spillway's group-spill threshold, in real executor JVMs
 * ({@code local-cluster[2,1,1024]}, Kryo as the job serializer): the group is streamed to disk and read
 * back by user code, iterated twice in one task, and also collected to the driver (serialized with its
 * values), with the same values as a plain count per key says. The threshold is lowered to a
 * thousandth of the heap (about 1 MiB) so a group of a few MiB spills without needing a huge job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotGroupIT {

  private static final int RECORDS = 400_000;
  /** Every third record is on key 0: a group of ~133k longs (a few MiB) against a ~1 MiB threshold. */
  private static final int KEYS = 1000;

  private JavaSparkContext sc;

  @BeforeAll
  void start() throws InterruptedException {
    sc = new JavaSparkContext(ShuffleClusters.SPILLWAY.conf("hot-group-it", HotGroupIT.class)
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.spillway.shuffle.groupSpillHeapRatio", "0.001")
        // the spill itself is under test: no room for the group even on a calm heap
        .set("spark.spillway.shuffle.groupSpillCalmHeapRatio", "0.001"));
    ShuffleClusters.awaitExecutors(sc);
  }

  @AfterAll
  void stop() {
    if (sc != null) {
      sc.stop();
    }
  }

  private JavaPairRDD<Integer, Long> pairs() {
    List<Integer> ids = IntStream.range(0, RECORDS).boxed().toList();
    return sc.parallelize(ids, 4).mapToPair(i -> new Tuple2<>(i % 3 == 0 ? 0 : i % KEYS, (long) i));
  }

  private static Map<Integer, long[]> expected() {
    Map<Integer, long[]> out = new HashMap<>();
    for (int i = 0; i < RECORDS; i++) {
      long[] countSum = out.computeIfAbsent(i % 3 == 0 ? 0 : i % KEYS, k -> new long[2]);
      countSum[0]++;
      countSum[1] += i;
    }
    return out;
  }

  @Test
  void groupByKey_hotGroupIteratedTwiceInTheTask_sameCountAndSumBothPasses() {
    Map<Integer, List<Long>> perKey = new HashMap<>(pairs().groupByKey(2).mapValues(values -> {
      long n1 = 0;
      long s1 = 0;
      for (long v : values) {
        n1++;
        s1 += v;
      }
      long n2 = 0;
      long s2 = 0;
      for (long v : values) {
        n2++;
        s2 += v;
      }
      List<Long> r = new ArrayList<>(List.of(n1, s1, n2, s2, values.getClass().getName().contains("SpilledGroup") ? 1L : 0L));
      return r;
    }).collectAsMap());

    Map<Integer, long[]> expected = expected();
    assertThat(perKey).hasSize(expected.size());
    expected.forEach((k, cs) -> assertThat(perKey.get(k)).as("key " + k).startsWith(cs[0], cs[1], cs[0], cs[1]));
    assertThat(perKey.get(0).get(4)).as("the hot group was spilled").isEqualTo(1L);
    assertThat(perKey.get(1).get(4)).as("a small group stays Spark's buffer").isEqualTo(0L);
  }

  @Test
  void groupByKey_collectedToTheDriver_carriesEveryValue() {
    Map<Integer, Iterable<Long>> groups = pairs().filter(kv -> kv._1() < 2).groupByKey(2).collectAsMap();

    Map<Integer, long[]> expected = expected();
    for (int k = 0; k < 2; k++) {
      long n = 0;
      long s = 0;
      for (long v : groups.get(k)) {
        n++;
        s += v;
      }
      assertThat(new long[] {n, s}).as("key " + k).containsExactly(expected.get(k));
    }
  }
}

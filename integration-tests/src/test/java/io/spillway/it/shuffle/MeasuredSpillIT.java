package io.spillway.it.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.measured.MeasuredAppendOnlyMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * A byte-driven spill in real executor JVMs: records of 4 MiB through a reduce-side aggregation
 * ({@code combineByKey} into lists, no map-side combine: Spillway's {@code MeasuredAppendOnlyMap}) whose
 * execution pool is small. Spark's own map asks for memory every 32 records only, 128 MiB of such records;
 * the measured map asks as each record's bytes arrive and spills when the pool refuses, at records Spark
 * would not have checked. After the job a probe task on each executor reads that JVM's count of such
 * spills.
 *
 * <p>Sizing: {@code local-cluster[2,1,1024]} with {@code spark.memory.fraction=0.1} gives each executor
 * (1024 - 300) × 0.1 ≈ 72 MiB of unified memory, 18 records' worth; the single reduce task gets all
 * {@link #RECORDS} records, 256 MiB, so it must spill several times, each time past a record count that is
 * not a multiple of 32.
 */
class MeasuredSpillIT {

  private static final int VALUE_BYTES = 4 << 20;
  private static final int RECORDS = 64;
  private static final int KEYS = 8;
  private static final int MAP_TASKS = 4;

  @Test
  void combineByKey_fourMiBRecords_spillsByMeasuredBytesAndGivesTheRightAnswer() throws Exception {
    SparkConf conf = ShuffleClusters.SPILLWAY.conf("measured-spill-it", MeasuredSpillIT.class)
        .set("spark.memory.fraction", "0.1")
        .set("spark.task.maxFailures", "1");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      ShuffleClusters.awaitExecutors(sc);
      int perTask = RECORDS / MAP_TASKS;
      List<Tuple2<Integer, long[]>> got = sc.parallelize(IntStream.range(0, MAP_TASKS).boxed().toList(), MAP_TASKS)
          .flatMapToPair(p -> IntStream.range(p * perTask, (p + 1) * perTask)
              .mapToObj(i -> new Tuple2<>(i % KEYS, value(i))).iterator())
          .combineByKey(v -> {
            List<byte[]> l = new ArrayList<>();
            l.add(v);
            return l;
          }, (l, v) -> {
            l.add(v);
            return l;
          }, (a, b) -> {
            a.addAll(b);
            return a;
          }, new HashPartitioner(1), false, null)
          .mapValues(MeasuredSpillIT::summary)
          .collect();

      Map<Integer, Long> measuredSpillsByExecutor = new TreeMap<>();
      for (int round = 0; round < 5 && measuredSpillsByExecutor.size() < ShuffleClusters.EXECUTORS; round++) {
        sc.parallelize(IntStream.range(0, 8).boxed().toList(), 8)
            .map(i -> new Tuple2<>(Integer.parseInt(SparkEnv.get().executorId()),
                MeasuredAppendOnlyMap.measuredSpillsInThisJvm()))
            .collect().forEach(t -> measuredSpillsByExecutor.put(t._1(), t._2()));
      }

      Map<Integer, List<Long>> byKey = new TreeMap<>();
      for (Tuple2<Integer, long[]> t : got) {
        byKey.put(t._1(), List.of(t._2()[0], t._2()[1]));
      }
      assertThat(byKey).isEqualTo(expected());
      assertThat(measuredSpillsByExecutor.values().stream().mapToLong(Long::longValue).sum())
          .as("spills decided by measured bytes, per executor: %s", measuredSpillsByExecutor).isPositive();
    }
  }

  /** Record {@code i}'s value: 4 MiB whose bytes follow from {@code i}. */
  private static byte[] value(int i) {
    byte[] v = new byte[VALUE_BYTES];
    long x = i * 0x9E3779B97F4A7C15L + 1;
    for (int j = 0; j < v.length; j += 8) {
      x ^= x << 13;
      x ^= x >>> 7;
      x ^= x << 17;
      v[j] = (byte) x;
    }
    return v;
  }

  /** (values, sum of per-value checksums) of one key's list. */
  private static long[] summary(List<byte[]> values) {
    long sum = 0;
    for (byte[] v : values) {
      sum += checksum(v);
    }
    return new long[] {values.size(), sum};
  }

  private static long checksum(byte[] v) {
    long h = 17;
    for (int j = 0; j < v.length; j += 8) {
      h = h * 31 + v[j];
    }
    return h;
  }

  private static Map<Integer, List<Long>> expected() {
    Map<Integer, Long> counts = new TreeMap<>();
    Map<Integer, Long> sums = new TreeMap<>();
    for (int i = 0; i < RECORDS; i++) {
      counts.merge(i % KEYS, 1L, Long::sum);
      sums.merge(i % KEYS, checksum(value(i)), Long::sum);
    }
    Map<Integer, List<Long>> out = new TreeMap<>();
    counts.forEach((k, c) -> out.put(k, List.of(c, sums.get(k))));
    return out;
  }
}

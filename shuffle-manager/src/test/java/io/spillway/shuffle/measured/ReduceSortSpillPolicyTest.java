package io.spillway.shuffle.measured;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.util.collection.ExternalSorter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Product2;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.math.Ordering$;

/** The reduce-side policy in Spark's sorter for the running Spark line, in a real task (local SparkEnv): forced spills only under pressure, paced, output unchanged. */
class ReduceSortSpillPolicyTest {

  private static final int RECORDS = 10_000;

  private TaskContextImpl task;
  private long nowNanos;
  /** Serialized bytes "fed": what the reader's counting stream would report. */
  private long fedBytes;
  private long fedBytesPerRecord;

  @BeforeEach
  void startTask() {
    task = LocalSpark.startTask();
  }

  @AfterEach
  void endTask() {
    LocalSpark.endTask(task);
  }

  @SuppressWarnings("unchecked")
  private List<Integer> sortWith(ReduceSortSpillPolicy<Integer, String> policy) {
    ExternalSorter<Integer, String, String> sorter = policy.sorter(Option.empty(),
        (scala.math.Ordering<Integer>) (Object) Ordering$.MODULE$.comparatorToOrdering(Integer::compare),
        SparkEnv.get().serializer());
    List<Product2<Integer, String>> in = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      in.add(new Tuple2<>((i * 7919) % RECORDS, "v" + i));
    }
    List<Integer> keys = new ArrayList<>();
    // the clock moves 1 ms per record as the sorter consumes them
    sorter.insertAllAndUpdateMetrics(CollectionConverters.asScala(in.iterator()).map(r -> {
      nowNanos += 1_000_000;
      fedBytes += fedBytesPerRecord;
      return r;
    })).foreach(kv -> keys.add(kv._1()));
    return keys;
  }

  private ReduceSortSpillPolicy<Integer, String> policy(boolean pressure) {
    return new ReduceSortSpillPolicy<>(task, () -> pressure, () -> nowNanos, () -> fedBytes);
  }

  @Test
  void insert_underPressure_spillsAtMostEveryIntervalAndSortsTheSame() {
    fedBytesPerRecord = 64 << 10; // a forced run's floor (8 MiB) every 128 records: the pacing decides
    ReduceSortSpillPolicy<Integer, String> policy = policy(true);

    List<Integer> keys = sortWith(policy);

    // 10 s of records at one forced spill per 250 ms, the first after 128 records
    assertThat(policy.forcedSpills()).isBetween(39, 41);
    assertThat(keys).hasSize(RECORDS).isSorted();
    assertThat(task.taskMetrics().memoryBytesSpilled()).isPositive();
  }

  @Test
  void insert_underPressureWithTinyRuns_neverForces() {
    fedBytesPerRecord = 16; // 160 KB in all, far below a forced run's floor: spilling it would free nothing
    ReduceSortSpillPolicy<Integer, String> policy = policy(true);

    List<Integer> keys = sortWith(policy);

    assertThat(policy.forcedSpills()).isZero();
    assertThat(keys).hasSize(RECORDS).isSorted();
  }

  @Test
  void insert_underPressureWithMultiMiBRecords_forcedRunsHoldSixteenOfTheLargest() {
    fedBytesPerRecord = 4L << 20;
    nowNanos = 0;
    ReduceSortSpillPolicy<Integer, String> policy = policy(true);

    List<Integer> keys = sortWith(policy);

    // 10 000 records of "4 MiB" over 10 s: a forced run needs 16 of them (64 MiB), not 64 records, and the
    // pacing allows 40; the grant path may spill in between, so at most 10 000 / 16 forced
    assertThat(policy.forcedSpills()).isPositive().isLessThanOrEqualTo(RECORDS / MeasuredBytes.MIN_FORCED_RUN_RECORDS_OF_LARGEST);
    assertThat(keys).hasSize(RECORDS).isSorted();
  }

  @Test
  void insert_noPressure_neverForces() {
    ReduceSortSpillPolicy<Integer, String> policy = policy(false);

    List<Integer> keys = sortWith(policy);

    assertThat(policy.forcedSpills()).isZero();
    assertThat(keys).hasSize(RECORDS).isSorted();
  }

  @Test
  void insert_recordsFarBiggerThanTheEstimate_spillsWithoutPressure() {
    // each tiny record "was" 8 MiB serialized: 80 GB fed, far more than the test JVM's execution pool could
    // grant, against a sampled estimate of a few MiB
    fedBytesPerRecord = 8L << 20;
    ReduceSortSpillPolicy<Integer, String> policy = policy(false);

    List<Integer> keys = sortWith(policy);

    assertThat(policy.outgrownSpills()).isGreaterThan(1);
    assertThat(policy.forcedSpills()).isZero();
    assertThat(keys).hasSize(RECORDS).isSorted();
  }

  @Test
  void insert_fedBytesThePoolCanGrant_noExtraSpill() {
    fedBytesPerRecord = 1024; // 10 MiB in all: the pool grants it, so the corrected check changes nothing
    ReduceSortSpillPolicy<Integer, String> policy = policy(false);

    sortWith(policy);

    assertThat(policy.outgrownSpills()).isZero();
  }

  @Test
  void insert_estimateAtLeastTheSerializedSize_neverOutgrown() {
    fedBytesPerRecord = 8; // smaller than any Java object: Spark's estimate is always above it
    ReduceSortSpillPolicy<Integer, String> policy = policy(false);

    sortWith(policy);

    assertThat(policy.outgrownSpills()).isZero();
  }
}

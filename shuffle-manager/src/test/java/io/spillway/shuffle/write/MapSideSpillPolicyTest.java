package io.spillway.shuffle.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.LocalSpark;
import java.util.List;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.TaskContextImpl;
import org.apache.spark.util.collection.ExternalSorter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Product2;

/**
 * The map-side spill policy's decisions, in Spark's sorter for the running Spark line, in a real task: which trigger fires, how often, and when none does. Each
 * record advances a scripted allocation counter and clock as the sorter consumes it.
 */
class MapSideSpillPolicyTest {

  private static final long MIB = 1L << 20;

  private TaskContextImpl task;
  private ShuffleDependency<Object, Object, Object> dep;
  private boolean underPressure;
  private long allowanceBytes = Long.MAX_VALUE;
  private long allocatedBytes;
  private long nowNanos;

  @BeforeEach
  void startTask() {
    task = LocalSpark.startTask();
    dep = MapOutputFiles.sumDependency(4);
  }

  @AfterEach
  void endTask() {
    LocalSpark.endTask(task);
  }

  /** The sorter of the last {@link #insert}, stopped by each test. */
  private ExternalSorter<Object, Object, Object> sorter;

  private MapSideSpillPolicy<Object, Object> insert(int records, long bytesEach, long nanosEach) {
    MapSideSpillPolicy<Object, Object> policy = new MapSideSpillPolicy<>(task, new MapSideSpillPolicy.Triggers(
        () -> underPressure, () -> nowNanos, new AllocationSpillBound(() -> allocatedBytes, () -> allowanceBytes, () -> allocatedBytes)));
    sorter = policy.sorter(dep);
    List<Product2<Object, Object>> in = MapOutputFiles.records(records, 500);
    sorter.insertAll(MapOutputFiles.scala(in).map(r -> {
      allocatedBytes += bytesEach;
      nowNanos += nanosEach;
      return r;
    }));
    return policy;
  }

  @Test
  void maybeSpill_noPressureAllocationBelowTheBound_neverForces() {
    allowanceBytes = 64 * MIB;

    MapSideSpillPolicy<Object, Object> policy = insert(10_000, 1024, 1_000_000);

    assertThat(policy.allocationSpills()).isZero();
    assertThat(policy.pressureSpills()).isZero();
    assertThat(task.taskMetrics().memoryBytesSpilled()).isZero();
    sorter.stop();
  }

  @Test
  void maybeSpill_allocationPastTheBound_spillsOncePerAllowance() {
    allowanceBytes = 16 * MIB;

    // 4 MiB per record (huge lines): every fifth record passes 16 MiB since the last spill
    MapSideSpillPolicy<Object, Object> policy = insert(100, 4 * MIB, 0);

    assertThat(policy.allocationSpills()).isEqualTo(20);
    assertThat(policy.pressureSpills()).isZero();
    assertThat(task.taskMetrics().memoryBytesSpilled()).isPositive();
    sorter.stop();
  }

  @Test
  void maybeSpill_underPressure_pacedToTheInterval() {
    underPressure = true;

    // 10 s at 1 ms per record: the first after 64 records, then one per 250 ms
    MapSideSpillPolicy<Object, Object> policy = insert(10_000, 0, 1_000_000);

    assertThat(policy.pressureSpills()).isBetween(39, 41);
    assertThat(policy.allocationSpills()).isZero();
    sorter.stop();
  }

  @Test
  void maybeSpill_underPressureClockStill_onlyOneSpill() {
    underPressure = true;

    MapSideSpillPolicy<Object, Object> policy = insert(10_000, 0, 0);

    assertThat(policy.pressureSpills()).isEqualTo(1);
    sorter.stop();
  }

  @Test
  void maybeSpill_underPressureSmallRecords_waitsForTheMinimumRun() {
    underPressure = true;

    // the interval always elapsed, 1 KiB per record: a run is worth a file at 64 records, not before
    MapSideSpillPolicy<Object, Object> policy = insert(640, 1024, 1_000_000_000L);

    assertThat(policy.pressureSpills()).isEqualTo(10);
    sorter.stop();
  }

  @Test
  void maybeSpill_underPressureFewLargeRecords_minimumRunInBytes() {
    underPressure = true;

    // 2 MiB per record: each record alone is past the 1 MiB minimum run
    MapSideSpillPolicy<Object, Object> policy = insert(10, 2 * MIB, 1_000_000_000L);

    assertThat(policy.pressureSpills()).isEqualTo(10);
    sorter.stop();
  }

  @Test
  void maybeSpill_underPressureLargeRecordsWithinTheInterval_paced() {
    underPressure = true;

    // 2 MiB per record, 100 ms apart: worth a file each, but only every third is 250 ms after the last spill
    MapSideSpillPolicy<Object, Object> policy = insert(30, 2 * MIB, 100_000_000L);

    assertThat(policy.pressureSpills()).isEqualTo(10);
    sorter.stop();
  }
}

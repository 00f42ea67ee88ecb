package io.spillway.shuffle.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The allocation bound against a scripted counter: when it asks for a spill and how often it reads. */
class AllocationSpillBoundTest {

  private static final long MIB = 1L << 20;

  private long allocated;
  private int counterReads;
  private long allowance = 16 * MIB;
  /** The old generation: by default it keeps all that is allocated (a buffer of retained records). */
  private java.util.function.LongSupplier oldGen = () -> allocated;

  private AllocationSpillBound bound() {
    return new AllocationSpillBound(() -> {
      counterReads++;
      return allocated;
    }, () -> allowance, () -> oldGen.getAsLong());
  }

  /** Feeds records of {@code bytesEach} until the bound asks for a spill; the record's 1-based number, or -1. */
  private int recordsUntilSpill(AllocationSpillBound bound, long bytesEach, int max) {
    for (int i = 1; i <= max; i++) {
      allocated += bytesEach;
      if (bound.recordAdded()) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void recordAdded_largeRecords_checksEveryRecordAndSpillsAtTheFirstPastTheAllowance() {
    AllocationSpillBound bound = bound();

    // 4 MiB records against 16 MiB: the fifth passes it (strictly more than the allowance)
    assertThat(recordsUntilSpill(bound, 4 * MIB, 100)).isEqualTo(5);
    assertThat(counterReads).isEqualTo(1 + 5);
    assertThat(bound.checkAfterRecords()).isEqualTo(1);
  }

  @Test
  void recordAdded_smallRecords_readsTheCounterEvery32Records() {
    AllocationSpillBound bound = bound();

    // 1 KiB records: 16 MiB is 16,384 of them; the first check after it is at record 1 + 32 * 512 = 16,385
    int spillAt = recordsUntilSpill(bound, 1024, 100_000);

    assertThat(spillAt).isEqualTo(16_385);
    assertThat(counterReads).isEqualTo(1 + 513);
    assertThat(bound.checkAfterRecords()).isEqualTo(AllocationSpillBound.MAX_CHECK_INTERVAL_RECORDS);
  }

  @Test
  void recordAdded_mediumRecords_nextCheckKeepsExpectedAllocationBelowAnEighthOfTheAllowance() {
    AllocationSpillBound bound = bound();
    allocated += 256 * 1024;
    bound.recordAdded();

    // 2 MiB (an eighth of 16 MiB) / 256 KiB per record = 8 records to the next check
    assertThat(bound.checkAfterRecords()).isEqualTo(8);
  }

  @Test
  void recordAdded_belowTheAllowance_neverAsks() {
    allowance = 100 * MIB;
    AllocationSpillBound bound = bound();

    assertThat(recordsUntilSpill(bound, 1024, 100_000)).isEqualTo(-1);
  }

  @Test
  void spilled_startsANewRun_nextSpillAFullAllowanceLater() {
    AllocationSpillBound bound = bound();
    assertThat(recordsUntilSpill(bound, 4 * MIB, 100)).isEqualTo(5);

    bound.spilled();

    assertThat(bound.allocatedSinceSpillBytes()).isZero();
    assertThat(recordsUntilSpill(bound, 4 * MIB, 100)).isEqualTo(5);
  }

  @Test
  void recordAdded_allowanceShrinks_readAtEachCheck() {
    AllocationSpillBound bound = bound();
    assertThat(recordsUntilSpill(bound, 4 * MIB, 3)).isEqualTo(-1);

    allowance = 8 * MIB; // the old generation filled up meanwhile

    assertThat(recordsUntilSpill(bound, 4 * MIB, 100)).isEqualTo(1);
    assertThat(bound.lastAllowanceBytes()).isEqualTo(8 * MIB);
  }

  @Test
  void never_allocationWithoutBound_neverAsks() {
    AllocationSpillBound bound = AllocationSpillBound.never();

    for (int i = 0; i < 10_000; i++) {
      assertThat(bound.recordAdded()).isFalse();
    }
  }

  @Test
  void checkInterval_boundsAndZeroAllocation() {
    assertThat(AllocationSpillBound.checkInterval(0, 16 * MIB)).isEqualTo(32);
    assertThat(AllocationSpillBound.checkInterval(100, 16 * MIB)).isEqualTo(32);
    assertThat(AllocationSpillBound.checkInterval(MIB, 16 * MIB)).isEqualTo(2);
    assertThat(AllocationSpillBound.checkInterval(64 * MIB, 16 * MIB)).isEqualTo(1);
  }

  @Test
  void halfFairShareOfFreeHeap_freeRoomOverTasksHalved() {
    assertThat(AllocationSpillBound.halfFairShareOfFreeHeap(1024 * MIB, () -> 224 * MIB, 4).getAsLong())
        .isEqualTo(100 * MIB);
    assertThat(AllocationSpillBound.halfFairShareOfFreeHeap(512 * MIB, () -> 0L, 1).getAsLong())
        .isEqualTo(256 * MIB);
  }

  @Test
  void halfFairShareOfFreeHeap_oldGenFull_floorNotZero() {
    assertThat(AllocationSpillBound.halfFairShareOfFreeHeap(512 * MIB, () -> 600 * MIB, 2).getAsLong())
        .isEqualTo(AllocationSpillBound.MIN_ALLOWANCE_BYTES);
  }

  @Test
  void halfFairShareOfFreeHeap_noTaskSlots_refused() {
    assertThatThrownBy(() -> AllocationSpillBound.halfFairShareOfFreeHeap(MIB, () -> 0L, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("taskSlots must be at least 1 but was 0");
  }

  /** Regression (seed case S8 at 512 MiB: 102 spills in one map task, twice the time): garbage is not kept. */
  @Test
  void recordAdded_allocationPastTheAllowanceButOldGenerationFlat_neverSpills() {
    oldGen = () -> 100 * MIB; // young collections free everything the task allocates
    AllocationSpillBound bound = bound();

    assertThat(recordsUntilSpill(bound, 64 * 1024, 100_000)).isEqualTo(-1);
    assertThat(allocated).isGreaterThan(100 * allowance);
  }

  @Test
  void recordAdded_oldGenerationGrowsHalfTheAllowanceAboveItsLowestSinceTheSpill_spills() {
    long[] old = {300 * MIB};
    oldGen = () -> old[0];
    AllocationSpillBound bound = bound();

    allocated += 20 * MIB;
    old[0] = 200 * MIB; // a mixed collection freed what the previous run had kept
    assertThat(bound.recordAdded()).isFalse();
    allocated += 4 * MIB;
    old[0] = 207 * MIB; // 7 MiB kept since: under half of 16 MiB
    assertThat(bound.recordAdded()).isFalse();
    allocated += 4 * MIB;
    old[0] = 208 * MIB; // 8 MiB above the lowest figure: half the allowance
    assertThat(bound.recordAdded()).isTrue();
    assertThat(bound.lastRetainedGrowthBytes()).isEqualTo(8 * MIB);
  }
}

package io.spillway.shuffle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExecutorFetchBudgetTest {

  private static final long MIB = 1L << 20;

  private static FetchLimits window(long bytesInFlight, long toDiskAboveBytes) {
    return FetchLimits.builder().maxBytesInFlight(bytesInFlight).fetchToDiskThresholdBytes(toDiskAboveBytes).build();
  }

  @Test
  void reserve_sparkDefaultsOnAGigabyteHeap_keepsTheLimitsUnchanged() {
    ExecutorFetchBudget budget = ExecutorFetchBudget.ofHeapRatio(0.2, 1024 * MIB);
    FetchLimits spark = window(48 * MIB, 200 * MIB);

    ExecutorFetchBudget.Grant grant = budget.reserve(spark);

    assertThat(grant.limits()).isSameAs(spark);
    assertThat(budget.reservedBytes()).isEqualTo(48 * MIB);
  }

  @Test
  void reserve_generousWindow_getsHalfOfTheBudgetAndLargerBlocksGoToDisk() {
    ExecutorFetchBudget budget = ExecutorFetchBudget.ofHeapRatio(0.2, 500 * MIB); // 100 MiB

    FetchLimits limits = budget.reserve(window(512 * MIB, 200 * MIB)).limits();

    assertThat(limits.maxBytesInFlight()).isEqualTo(50 * MIB);
    assertThat(limits.fetchToDiskThresholdBytes()).isEqualTo(100 * MIB);
  }

  @Test
  void reserve_readsOpenedTogether_eachGetsHalfOfWhatIsLeftDownToTheFloor() {
    ExecutorFetchBudget budget = ExecutorFetchBudget.ofHeapRatio(0.2, 320 * MIB); // 64 MiB
    FetchLimits generous = window(512 * MIB, 200 * MIB);

    long[] windows = new long[5];
    long[] toDisk = new long[5];
    for (int i = 0; i < windows.length; i++) {
      FetchLimits l = budget.reserve(generous).limits();
      windows[i] = l.maxBytesInFlight();
      toDisk[i] = l.fetchToDiskThresholdBytes();
    }

    assertThat(windows).containsExactly(32 * MIB, 16 * MIB, 8 * MIB, 4 * MIB, 4 * MIB);
    // a block above what was left when its read started streams to disk; never below the read's own window
    assertThat(toDisk).containsExactly(64 * MIB, 32 * MIB, 16 * MIB, 8 * MIB, 4 * MIB);
    assertThat(budget.reservedBytes()).isEqualTo(64 * MIB);
  }

  @Test
  void reserve_smallerWantedLimits_areNeverRaised() {
    ExecutorFetchBudget budget = ExecutorFetchBudget.ofHeapRatio(0.2, 320 * MIB);
    budget.reserve(window(512 * MIB, 200 * MIB)); // leaves 32 MiB

    FetchLimits limits = budget.reserve(window(2 * MIB, 1 * MIB)).limits();

    assertThat(limits.maxBytesInFlight()).isEqualTo(2 * MIB);
    assertThat(limits.fetchToDiskThresholdBytes()).isEqualTo(1 * MIB);
  }

  @Test
  void close_givesTheShareBackOnce() {
    ExecutorFetchBudget budget = ExecutorFetchBudget.ofHeapRatio(0.2, 320 * MIB);
    ExecutorFetchBudget.Grant first = budget.reserve(window(512 * MIB, 200 * MIB));
    ExecutorFetchBudget.Grant second = budget.reserve(window(512 * MIB, 200 * MIB));

    first.close();
    first.close();

    assertThat(budget.reservedBytes()).isEqualTo(second.windowBytes()).isEqualTo(16 * MIB);
    second.close();
    assertThat(budget.reservedBytes()).isZero();
    assertThat(budget.reserve(window(512 * MIB, 200 * MIB)).limits().maxBytesInFlight()).isEqualTo(32 * MIB);
  }

  @Test
  void ofHeapRatio_zero_isUnlimitedAndHoldsNothing() {
    ExecutorFetchBudget budget = ExecutorFetchBudget.ofHeapRatio(0.0, 320 * MIB);
    FetchLimits generous = window(2048 * MIB, 200 * MIB);

    ExecutorFetchBudget.Grant grant = budget.reserve(generous);

    assertThat(grant.limits()).isSameAs(generous);
    assertThat(grant.windowBytes()).isZero();
    assertThat(budget.reservedBytes()).isZero();
  }

  @Test
  void ofHeapRatio_outOfRange_failsNamingTheValue() {
    assertThatThrownBy(() -> ExecutorFetchBudget.ofHeapRatio(1.5, 320 * MIB))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    assertThatThrownBy(() -> ExecutorFetchBudget.ofHeapRatio(0.2, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxHeapBytes");
  }
}

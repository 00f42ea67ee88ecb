package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UtilTest {

  @Test
  void split_partitionsCoverEveryIndexOnceInOrder() {
    long records = 1_003;
    int partitions = 7;
    long next = 0;
    for (int p = 0; p < partitions; p++) {
      assertThat(UtilSplit.first(records, partitions, p)).isEqualTo(next);
      next += UtilSplit.count(records, partitions, p);
    }
    assertThat(next).isEqualTo(records);
    assertThat(UtilSplit.count(records, partitions, 0)).isEqualTo(144);
    assertThat(UtilSplit.count(records, partitions, 6)).isEqualTo(143);
  }

  @Test
  void split_partitionOutOfRange_fails() {
    assertThatThrownBy(() -> UtilSplit.count(10, 2, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partition 2 out of [0, 2)");
  }

  @Test
  void valueIterator_ofPartition_yieldsThatPartitionsIndexes() {
    UtilValueIterator<Long> it = UtilValueIterator.ofPartition(10, 3, 1, g -> g);
    List<Long> seen = new java.util.ArrayList<>();
    it.forEachRemaining(seen::add);
    assertThat(seen).containsExactly(4L, 5L, 6L);
  }

  @Test
  void bytes_checksumOfGeneratedValue_equalsStreamingChecksum() {
    for (long seed = 0; seed < 20; seed++) {
      int length = 8 * (1 + (int) seed * 37);
      assertThat(UtilBytes.checksum(UtilBytes.generate(seed, length)))
          .isEqualTo(UtilBytes.expectedChecksum(seed, length));
    }
  }

  @Test
  void bytes_checksum_changesWhenOneByteChangesOrWordsSwap() {
    byte[] v = UtilBytes.generate(42, 4096);
    long original = UtilBytes.checksum(v);
    v[1234] ^= 1;
    assertThat(UtilBytes.checksum(v)).isNotEqualTo(original);
    v[1234] ^= 1;
    byte[] swapped = v.clone();
    System.arraycopy(v, 0, swapped, 8, 8);
    System.arraycopy(v, 8, swapped, 0, 8);
    assertThat(UtilBytes.checksum(swapped)).isNotEqualTo(original);
  }

  @Test
  void bytes_lengthNotAWholeNumberOfWords_fails() {
    assertThatThrownBy(() -> UtilBytes.generate(1, 12)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 8");
  }

  @Test
  void hash_unitAndBelow_stayInRange() {
    for (long i = 0; i < 10_000; i++) {
      long h = UtilHash.hash(i, 7);
      assertThat(UtilHash.unit(h)).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
      assertThat(UtilHash.below(h, 13)).isBetween(0L, 12L);
    }
  }

  @Test
  void powerLaw_lowestTenthOfAPercentOfIds_getAboutTenPercentOfDraws() {
    int n = 100_000;
    int draws = 200_000;
    int head = 0;
    for (long g = 0; g < draws; g++) {
      if (UtilPowerLaw.index(UtilHash.hash(g, 3), n) < n / 1000) {
        head++;
      }
    }
    assertThat(head / (double) draws).isBetween(0.09, 0.11);
  }

  @Test
  void sortCheck_orderedPartitions_areGloballySorted() {
    List<long[]> parts = List.of(
        UtilSortCheck.stats(1, 2, 5, true, "00000000000000ff", "0fffffffffffffff"),
        UtilSortCheck.stats(0, 3, 7, true, "0000000000000001", "00000000000000ff"),
        UtilSortCheck.stats(2, 0, 0, true, null, null),
        UtilSortCheck.stats(3, 1, 1, true, "f000000000000000", "f000000000000000"));
    assertThat(UtilSortCheck.globallySorted(parts)).isTrue();
    assertThat(UtilSortCheck.count(parts)).isEqualTo(6);
    assertThat(UtilSortCheck.checksum(parts)).isEqualTo(13);
  }

  @Test
  void sortCheck_overlappingRangesOrAnUnsortedPartition_areNotSorted() {
    long[] low = UtilSortCheck.stats(0, 2, 0, true, "0000000000000001", "f000000000000000");
    long[] high = UtilSortCheck.stats(1, 2, 0, true, "0000000000000002", "ffffffffffffffff");
    assertThat(UtilSortCheck.globallySorted(List.of(low, high))).isFalse();
    long[] unsorted = UtilSortCheck.stats(0, 2, 0, false, "0000000000000001", "0000000000000002");
    assertThat(UtilSortCheck.globallySorted(List.of(unsorted))).isFalse();
  }
}

package io.spillway.shuffle.skew;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The stream-summary layout stays consistent after every operation, for small and odd capacities. */
class StreamSummaryTest {

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 2, 3, 7, 32})
  void offer_randomSkewedKeys_invariantsHoldAfterEveryRecord(int capacity) {
    StreamSummary summary = new StreamSummary(capacity);
    SplittableRandom random = new SplittableRandom(capacity);
    for (int i = 0; i < 5_000; i++) {
      int key = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(60);
      summary.offer(key, 1);
      assertThatCode(summary::checkInvariants).as("after record %d (key %d)", i, key).doesNotThrowAnyException();
    }
    assertThat(summary.size()).isEqualTo(capacity);
  }

  @Test
  void load_sortedEntriesWithTies_invariantsHoldAndUpdatesContinue() {
    StreamSummary summary = new StreamSummary(5);
    summary.load(List.of(
        new HeavyHitterSnapshot.Entry("a", 9, 0, 9),
        new HeavyHitterSnapshot.Entry("b", 4, 1, 3),
        new HeavyHitterSnapshot.Entry("c", 4, 0, 4),
        new HeavyHitterSnapshot.Entry("d", 2, 0, 2),
        new HeavyHitterSnapshot.Entry("e", 2, 1, 1)));
    summary.checkInvariants();

    summary.offer("new", 1); // replaces a count-2 entry
    summary.offer("c", 1);
    summary.checkInvariants();

    assertThat(summary.minCount()).isEqualTo(2);
    assertThat(summary.entries()).extracting(HeavyHitterSnapshot.Entry::key).contains("new").hasSize(5);
    assertThat(summary.entries().get(0).count()).isEqualTo(9);
    assertThat(summary.entries().get(1)).isEqualTo(new HeavyHitterSnapshot.Entry("c", 5, 0, 5));
  }

  @Test
  void minCount_beforeFull_isZero() {
    StreamSummary summary = new StreamSummary(3);
    summary.offer("a", 1);
    summary.offer("a", 1);

    assertThat(summary.minCount()).isZero();
  }
}

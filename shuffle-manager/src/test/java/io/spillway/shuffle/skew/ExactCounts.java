package io.spillway.shuffle.skew;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

/**
 * The truth a sketch is checked against: exact counts and bytes per key in a {@code HashMap}, fed the same
 * records as the sketch.
 */
final class ExactCounts {

  private final Map<Object, Long> counts = new HashMap<>();
  private final Map<Object, Long> bytes = new HashMap<>();
  private long totalRecords;
  private long totalBytes;

  /** Feeds every key to both {@code sketch} and this, charging {@link KeyStreams#recordBytes}. */
  ExactCounts feed(HeavyHitters sketch, int[] keys) {
    for (int key : keys) {
      feed(sketch, key);
    }
    return this;
  }

  ExactCounts feed(HeavyHitters sketch, Object key) {
    long recordBytes = KeyStreams.recordBytes(key);
    sketch.update(key, recordBytes);
    counts.merge(key, 1L, Long::sum);
    bytes.merge(key, recordBytes, Long::sum);
    totalRecords++;
    totalBytes += recordBytes;
    return this;
  }

  ExactCounts plus(ExactCounts other) {
    ExactCounts union = new ExactCounts();
    for (ExactCounts part : new ExactCounts[] {this, other}) {
      part.counts.forEach((key, count) -> union.counts.merge(key, count, Long::sum));
      part.bytes.forEach((key, sum) -> union.bytes.merge(key, sum, Long::sum));
      union.totalRecords += part.totalRecords;
      union.totalBytes += part.totalBytes;
    }
    return union;
  }

  long count(Object key) {
    return counts.getOrDefault(key, 0L);
  }

  long totalRecords() {
    return totalRecords;
  }

  /**
   * Asserts the Space-Saving guarantees of {@code sketch} against these exact counts: totals exact; every
   * monitored key with {@code count - error <= true <= count}, {@code error <= N/k} and its observed bytes exactly
   * those of its {@code count - error} records; every unmonitored key at most the minimum, which is at most N/k
   * (so every key above N/k is monitored); counts summing to at most N.
   */
  void assertGuarantees(HeavyHitters sketch) {
    HeavyHitterSnapshot snapshot = sketch.snapshot();
    int k = sketch.capacity();
    assertThat(snapshot.totalRecords()).as("total records").isEqualTo(totalRecords);
    assertThat(snapshot.totalBytes()).as("total bytes").isEqualTo(totalBytes);

    Map<Object, HeavyHitterSnapshot.Entry> monitored = new HashMap<>();
    long countSum = 0;
    for (HeavyHitterSnapshot.Entry entry : snapshot.entries()) {
      monitored.put(entry.key(), entry);
      countSum += entry.count();
      long truth = count(entry.key());
      assertThat(entry.count()).as("upper bound of key %s", entry.key()).isGreaterThanOrEqualTo(truth);
      assertThat(entry.guaranteedCount()).as("lower bound of key %s", entry.key()).isLessThanOrEqualTo(truth);
      assertThat(entry.error() * k).as("error of key %s times k vs N", entry.key())
          .isLessThanOrEqualTo(totalRecords);
      assertThat(entry.observedBytes()).as("observed bytes of key %s", entry.key())
          .isEqualTo(entry.guaranteedCount() * KeyStreams.recordBytes(entry.key()));
    }
    assertThat(countSum).as("sum of counts").isLessThanOrEqualTo(totalRecords);

    long bound = sketch.unmonitoredBoundCount();
    assertThat(bound * k).as("unmonitored bound times k vs N").isLessThanOrEqualTo(totalRecords);
    counts.forEach((key, truth) -> {
      if (!monitored.containsKey(key)) {
        assertThat(truth).as("unmonitored key %s", key).isLessThanOrEqualTo(bound);
        assertThat(truth * k).as("unmonitored key %s times k vs N", key).isLessThanOrEqualTo(totalRecords);
      }
    });
  }
}

package io.spillway.shuffle.skew;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeavyHittersTest {

  @Test
  void constructor_zeroCapacity_rejectedNamingTheRange() {
    assertThatThrownBy(() -> new HeavyHitters(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("heavy-hitter capacity must be between 1 and 1048576 but was 0");
  }

  @Test
  void constructor_capacityAboveMaximum_rejected() {
    assertThatThrownBy(() -> new HeavyHitters(HeavyHitters.MAX_CAPACITY + 1))
        .hasMessage("heavy-hitter capacity must be between 1 and 1048576 but was 1048577");
  }

  @Test
  void update_negativeRecordBytes_rejectedAndNothingCounted() {
    HeavyHitters sketch = new HeavyHitters(4);

    assertThatThrownBy(() -> sketch.update("k", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recordBytes must not be negative but was -1");
    assertThat(sketch.totalRecords()).isZero();
    assertThat(sketch.size()).isZero();
  }

  @Test
  void update_fewerKeysThanCapacity_countsExactWithoutError() {
    HeavyHitters sketch = new HeavyHitters(4);
    for (String key : new String[] {"a", "b", "a", "c", "a", "b"}) {
      sketch.update(key, 10);
    }

    assertThat(sketch.snapshot().entries()).containsExactly(
        new HeavyHitterSnapshot.Entry("a", 3, 0, 30),
        new HeavyHitterSnapshot.Entry("b", 2, 0, 20),
        new HeavyHitterSnapshot.Entry("c", 1, 0, 10));
    assertThat(sketch.unmonitoredBoundCount()).isZero();
  }

  @Test
  void update_nullKey_countedAsAKeyOfItsOwn() {
    HeavyHitters sketch = new HeavyHitters(4);
    sketch.update(null, 1);
    sketch.update("null", 1);
    sketch.update(null, 1);

    List<HeavyHitter> top = sketch.top(2);

    assertThat(top).extracting(HeavyHitter::key).containsExactly(null, "null");
    assertThat(top).extracting(HeavyHitter::count).containsExactly(2L, 1L);
  }

  @Test
  void update_fullSketch_newKeyInheritsMinimumAsError() {
    HeavyHitters sketch = new HeavyHitters(2);
    sketch.update("a", 10);
    sketch.update("a", 10);
    sketch.update("b", 10);
    sketch.update("c", 30);

    assertThat(sketch.snapshot().entries()).containsExactlyInAnyOrder(
        new HeavyHitterSnapshot.Entry("a", 2, 0, 20),
        new HeavyHitterSnapshot.Entry("c", 2, 1, 30));
    assertThat(sketch.unmonitoredBoundCount()).isEqualTo(2);
  }

  @Test
  void top_ordersByCountThenErrorWithSharesAndFlag() {
    HeavyHitters sketch = new HeavyHitters(2);
    sketch.update("a", 100);
    sketch.update("a", 100);
    sketch.update("a", 100);
    sketch.update("b", 10);
    sketch.update("c", 10);
    sketch.update("d", 10); // c's count 2 (error 1) becomes d's: 3, error 2

    List<HeavyHitter> top = sketch.top(5, 0.3);

    assertThat(top).extracting(HeavyHitter::key).containsExactly("a", "d");
    HeavyHitter a = top.get(0);
    assertThat(a.count()).isEqualTo(3);
    assertThat(a.error()).isZero();
    assertThat(a.recordShareRatio()).isCloseTo(0.5, within(1e-9));
    assertThat(a.estimatedBytes()).isEqualTo(300);
    assertThat(a.bytesShareRatio()).isCloseTo(300.0 / 330, within(1e-9));
    assertThat(a.guaranteedHeavy()).isTrue();
    HeavyHitter d = top.get(1);
    assertThat(d.count()).isEqualTo(3);
    assertThat(d.error()).isEqualTo(2);
    assertThat(d.observedBytes()).isEqualTo(10);
    assertThat(d.estimatedBytes()).isEqualTo(30);
    assertThat(d.guaranteedHeavy()).isFalse();
  }

  @Test
  void top_estimatedBytes_extrapolatesMeanRecordSizeToCount() {
    HeavyHitters sketch = new HeavyHitters(1);
    sketch.update("small", 10);
    sketch.update("big", 1_000);
    sketch.update("big", 3_000);

    HeavyHitter big = sketch.top(1).get(0);

    assertThat(big.key()).isEqualTo("big");
    assertThat(big.count()).isEqualTo(3);
    assertThat(big.guaranteedCount()).isEqualTo(2);
    assertThat(big.observedBytes()).isEqualTo(4_000);
    assertThat(big.estimatedBytes()).isEqualTo(6_000);
    assertThat(big.bytesShareRatio()).isEqualTo(1.0); // capped: the estimate exceeds the 4,010 bytes counted
  }

  @Test
  void top_defaultThreshold_isOnePercent() {
    HeavyHitters sketch = new HeavyHitters(200);
    sketch.update("hot", 1);
    for (int i = 0; i < 99; i++) {
      sketch.update(i, 1);
    }
    sketch.update("hot", 1); // 2 of 101 records: above 1 %, one record is not

    List<HeavyHitter> top = sketch.top(2);
    assertThat(top.get(0).key()).isEqualTo("hot");
    assertThat(top).extracting(HeavyHitter::guaranteedHeavy).containsExactly(true, false);
    assertThat(sketch.top(1, 0.02).get(0).guaranteedHeavy()).isFalse();
  }

  @Test
  void top_emptySketch_isEmpty() {
    assertThat(new HeavyHitters(3).top(10)).isEmpty();
  }

  @Test
  void top_invalidArguments_rejected() {
    HeavyHitters sketch = new HeavyHitters(3);

    assertThatThrownBy(() -> sketch.top(-1)).hasMessage("n must not be negative but was -1");
    assertThatThrownBy(() -> sketch.top(1, 1.5)).hasMessage("heavyThresholdRatio must be in [0, 1] but was 1.5");
    assertThatThrownBy(() -> sketch.top(1, Double.NaN))
        .hasMessage("heavyThresholdRatio must be in [0, 1] but was NaN");
  }

  @Test
  void fromSnapshot_roundTrip_sameEntriesAndTotalsAndKeepsCounting() {
    HeavyHitters sketch = new HeavyHitters(16);
    ExactCounts exact = new ExactCounts().feed(sketch, KeyStreams.zipf(5_000, 300, 1.0, 8));

    HeavyHitters copy = HeavyHitters.fromSnapshot(sketch.snapshot());

    assertThat(copy.snapshot().entries()).containsExactlyInAnyOrderElementsOf(sketch.snapshot().entries());
    assertThat(copy.totalRecords()).isEqualTo(sketch.totalRecords());
    assertThat(copy.totalBytes()).isEqualTo(sketch.totalBytes());
    exact.feed(copy, KeyStreams.uniform(5_000, 300, 9));
    exact.assertGuarantees(copy);
  }

  @Test
  void update_monitoredKey_allocatesNothing() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    threads.setThreadAllocatedMemoryEnabled(true);
    Object[] keys = new Object[1_000]; // beyond Integer's box cache, allocated before measuring
    HeavyHitters sketch = new HeavyHitters(keys.length);
    for (int i = 0; i < keys.length; i++) {
      keys[i] = Integer.valueOf(100_000 + i);
      sketch.update(keys[i], 8);
    }

    long before = threads.getCurrentThreadAllocatedBytes();
    for (int round = 0; round < 100; round++) {
      for (Object key : keys) {
        sketch.update(key, 8);
      }
    }
    long allocatedBytes = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(sketch.totalRecords()).isEqualTo(101_000);
    assertThat(allocatedBytes).as("bytes allocated by 100,000 updates of monitored keys").isLessThan(1_000);
  }
}

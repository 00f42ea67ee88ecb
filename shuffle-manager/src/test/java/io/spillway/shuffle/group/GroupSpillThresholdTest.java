package io.spillway.shuffle.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GroupSpillThresholdTest {

  private final AtomicBoolean pressure = new AtomicBoolean();
  private final GroupSpillThreshold threshold = new GroupSpillThreshold(100, 400, estimate -> pressure.get());

  @Test
  void exceeded_calmHeap_onlyWhenTheNextDoublingWouldPassTheCalmBound() {
    assertThat(threshold.exceeded(100)).isFalse();
    assertThat(threshold.exceeded(200)).isFalse();
    assertThat(threshold.exceeded(201)).isTrue();
  }

  @Test
  void exceeded_underPressure_pastThePressuredBound() {
    pressure.set(true);

    assertThat(threshold.exceeded(100)).isFalse();
    assertThat(threshold.exceeded(101)).isTrue();
  }

  @Test
  void exceeded_roomDependsOnTheGroupsSize_askedWithTheEstimate() {
    GroupSpillThreshold t = new GroupSpillThreshold(100, 1_000, bytes -> bytes > 300); // asked for twice the estimate

    assertThat(t.exceeded(150)).isFalse();
    assertThat(t.exceeded(151)).isTrue();
  }

  @Test
  void calmBoundBelowPressured_actsAsPressured() {
    GroupSpillThreshold t = new GroupSpillThreshold(100, 10, estimate -> false);

    assertThat(t.exceeded(100)).isFalse();
    assertThat(t.exceeded(101)).isTrue();
  }

  @Test
  void zeroPressuredBound_calmHeap_stillBoundedByTheCalmOne() {
    GroupSpillThreshold t = new GroupSpillThreshold(0, 0, estimate -> false);

    assertThat(t.exceeded(1)).isTrue(); // 0 is filtered out by the reader before a threshold is built
    assertThat(GroupSpillThreshold.fixed(50).exceeded(51)).isTrue();
    assertThat(GroupSpillThreshold.fixed(50).exceeded(50)).isFalse();
  }
}

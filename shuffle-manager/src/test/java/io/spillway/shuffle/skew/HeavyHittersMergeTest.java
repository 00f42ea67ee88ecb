package io.spillway.shuffle.skew;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** Merged sketches keep Space-Saving's guarantees for the union of their streams. */
class HeavyHittersMergeTest {

  private static final int K = 48;

  /** Four map tasks with different shapes: two Zipf with different hot keys, a uniform one, one hot key. */
  private static int[][] parts() {
    int[] shiftedZipf = KeyStreams.zipf(30_000, 5_000, 1.2, 2);
    for (int i = 0; i < shiftedZipf.length; i++) {
      shiftedZipf[i] += 100;
    }
    return new int[][] {
        KeyStreams.zipf(40_000, 5_000, 0.9, 1),
        shiftedZipf,
        KeyStreams.uniform(25_000, 8_000, 3),
        KeyStreams.oneHot(20_000, 7_777, 0.4, 3_000, 4)};
  }

  @Test
  void merge_sequential_guaranteesHoldForTheUnion() {
    HeavyHitters merged = new HeavyHitters(K);
    ExactCounts union = new ExactCounts();
    for (int[] part : parts()) {
      HeavyHitters task = new HeavyHitters(K);
      ExactCounts exact = new ExactCounts().feed(task, part);
      exact.assertGuarantees(task);
      merged.merge(task);
      union = union.plus(exact);
      union.assertGuarantees(merged);
    }
    assertThat(merged.top(1).get(0).key()).isEqualTo(7_777);
  }

  @Test
  void merge_asTree_guaranteesHoldForTheUnion() {
    int[][] parts = parts();
    HeavyHitters[] tasks = new HeavyHitters[parts.length];
    ExactCounts[] exact = new ExactCounts[parts.length];
    for (int i = 0; i < parts.length; i++) {
      tasks[i] = new HeavyHitters(K);
      exact[i] = new ExactCounts().feed(tasks[i], parts[i]);
    }
    tasks[0].merge(tasks[1]);
    tasks[2].merge(tasks[3]);
    tasks[2].merge(tasks[0]);

    exact[0].plus(exact[1]).plus(exact[2].plus(exact[3])).assertGuarantees(tasks[2]);
  }

  @Test
  void merge_thenMoreUpdates_guaranteesHoldForEverything() {
    int[][] parts = parts();
    HeavyHitters sketch = new HeavyHitters(K);
    ExactCounts exact = new ExactCounts().feed(sketch, parts[0]);
    HeavyHitters other = new HeavyHitters(K);
    ExactCounts otherExact = new ExactCounts().feed(other, parts[3]);

    sketch.merge(other);
    ExactCounts union = exact.plus(otherExact);
    union.feed(sketch, parts[1]);

    union.assertGuarantees(sketch);
  }

  @Test
  void merge_hotKeyOnlyInOnePart_monitoredAndBoundsHold() {
    HeavyHitters left = new HeavyHitters(K);
    ExactCounts leftExact = new ExactCounts().feed(left, KeyStreams.uniform(50_000, 20_000, 5));
    HeavyHitters right = new HeavyHitters(K);
    ExactCounts rightExact = new ExactCounts().feed(right, KeyStreams.hotKeyLast(3_000, -1, 2_000));

    left.merge(right);

    leftExact.plus(rightExact).assertGuarantees(left);
    HeavyHitter hot = left.top(1).get(0);
    assertThat(hot.key()).isEqualTo(-1);
    assertThat(hot.guaranteedCount()).isEqualTo(2_000);
  }

  @Test
  void merge_neitherFull_countsExactAndErrorsZero() {
    HeavyHitters left = new HeavyHitters(10);
    HeavyHitters right = new HeavyHitters(10);
    ExactCounts exact = new ExactCounts().feed(left, new int[] {1, 1, 2, 3})
        .plus(new ExactCounts().feed(right, new int[] {2, 2, 4}));

    left.merge(right);

    assertThat(left.snapshot().entries()).containsExactly(
        new HeavyHitterSnapshot.Entry(2, 3, 0, 3 * KeyStreams.recordBytes(2)),
        new HeavyHitterSnapshot.Entry(1, 2, 0, 2 * KeyStreams.recordBytes(1)),
        new HeavyHitterSnapshot.Entry(3, 1, 0, KeyStreams.recordBytes(3)),
        new HeavyHitterSnapshot.Entry(4, 1, 0, KeyStreams.recordBytes(4)));
    exact.assertGuarantees(left);
  }

  @Test
  void merge_otherSketch_leavesOtherUnchanged() {
    HeavyHitters left = new HeavyHitters(K);
    new ExactCounts().feed(left, KeyStreams.zipf(5_000, 500, 1.0, 9));
    HeavyHitters right = new HeavyHitters(K);
    new ExactCounts().feed(right, KeyStreams.uniform(5_000, 500, 9));
    HeavyHitterSnapshot before = right.snapshot();

    left.merge(right);

    assertThat(right.snapshot()).isEqualTo(before);
    assertThat(left.totalRecords()).isEqualTo(10_000);
  }

  @Test
  void merge_serializedSnapshot_sameAsMergingTheSketch() throws Exception {
    HeavyHitters direct = new HeavyHitters(K);
    new ExactCounts().feed(direct, KeyStreams.zipf(10_000, 1_000, 1.1, 5));
    HeavyHitters viaSnapshot = HeavyHitters.fromSnapshot(direct.snapshot());
    HeavyHitters task = new HeavyHitters(K);
    new ExactCounts().feed(task, KeyStreams.oneHot(10_000, 3, 0.3, 1_000, 6)).feed(task, (Object) null);

    direct.merge(task);
    viaSnapshot.merge(roundTrip(task.snapshot()));

    assertThat(viaSnapshot.snapshot().entries())
        .containsExactlyInAnyOrderElementsOf(direct.snapshot().entries());
    assertThat(viaSnapshot.totalRecords()).isEqualTo(20_001);
  }

  @Test
  void merge_differentCapacities_rejectedNamingBoth() {
    HeavyHitters left = new HeavyHitters(10);

    assertThatThrownBy(() -> left.merge(new HeavyHitters(20)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot merge a heavy-hitter sketch of capacity 20 into one of capacity 10:"
            + " the error bound N/k needs equal capacities");
  }

  static HeavyHitterSnapshot roundTrip(HeavyHitterSnapshot snapshot) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(snapshot);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (HeavyHitterSnapshot) in.readObject();
    }
  }
}

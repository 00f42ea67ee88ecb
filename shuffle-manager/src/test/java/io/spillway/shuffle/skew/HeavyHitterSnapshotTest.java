package io.spillway.shuffle.skew;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeavyHitterSnapshotTest {

  @Test
  void serialization_roundTrip_equalIncludingNullKeyAndBinaryTotals() throws Exception {
    HeavyHitters sketch = new HeavyHitters(4);
    sketch.update(null, 5);
    sketch.update("a", 7);
    sketch.update(List.of(1, 2), 9);
    HeavyHitterSnapshot snapshot = sketch.snapshot();

    HeavyHitterSnapshot copy = roundTrip(snapshot);

    assertThat(copy).isEqualTo(snapshot);
    assertThat(copy.totalBytes()).isEqualTo(21);
    assertThat(copy.capacity()).isEqualTo(4);
  }

  @Test
  void constructor_moreEntriesThanCapacity_rejected() {
    List<HeavyHitterSnapshot.Entry> entries = List.of(
        new HeavyHitterSnapshot.Entry("a", 1, 0, 0), new HeavyHitterSnapshot.Entry("b", 1, 0, 0));

    assertThatThrownBy(() -> new HeavyHitterSnapshot(1, entries, 2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a snapshot of capacity 1 cannot hold 2 entries");
  }

  @Test
  void constructor_duplicateKey_rejectedNamingIt() {
    List<HeavyHitterSnapshot.Entry> entries = Arrays.asList(
        new HeavyHitterSnapshot.Entry(null, 2, 0, 0), new HeavyHitterSnapshot.Entry(null, 1, 0, 0));

    assertThatThrownBy(() -> new HeavyHitterSnapshot(3, entries, 3, 0))
        .hasMessage("a snapshot lists each key once but null appears twice");
  }

  @Test
  void constructor_entriesCopied_laterChangesToTheListInvisible() {
    List<HeavyHitterSnapshot.Entry> entries = new ArrayList<>();
    entries.add(new HeavyHitterSnapshot.Entry("a", 1, 0, 0));
    HeavyHitterSnapshot snapshot = new HeavyHitterSnapshot(2, entries, 1, 0);

    entries.add(new HeavyHitterSnapshot.Entry("b", 1, 0, 0));

    assertThat(snapshot.entries()).hasSize(1);
  }

  @Test
  void entry_errorNotBelowCount_rejected() {
    assertThatThrownBy(() -> new HeavyHitterSnapshot.Entry("a", 3, 3, 0))
        .hasMessage("entry needs count >= 1 and 0 <= error < count but had count 3 and error 3");
  }

  @Test
  void unmonitoredBoundCount_fullIsMinimumElseZero() {
    List<HeavyHitterSnapshot.Entry> two = List.of(
        new HeavyHitterSnapshot.Entry("a", 5, 0, 0), new HeavyHitterSnapshot.Entry("b", 3, 1, 0));

    assertThat(new HeavyHitterSnapshot(2, two, 8, 0).unmonitoredBoundCount()).isEqualTo(3);
    assertThat(new HeavyHitterSnapshot(3, two, 8, 0).unmonitoredBoundCount()).isZero();
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

package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S6RepeatedBroadcastsTest {

  private final CaseParams small = CaseParams.of(5_000, 0.0, 3)
      .with(S6RepeatedBroadcasts.ITERATIONS, 3).with(S6RepeatedBroadcasts.TABLE_ENTRIES, 1_000);

  /** The job's loop on collections: each round maps the previous round's states through the built table. */
  @Test
  void expected_equalsRoundsOverTheBuiltTables() {
    List<Long> state = new ArrayList<>();
    for (long g = 0; g < small.records(); g++) {
      state.add(g);
    }
    long total = 0;
    long last = 0;
    for (int i = 0; i < 3; i++) {
      Map<Long, Long> table = S6RepeatedBroadcasts.table(i, 1_000);
      List<Long> next = new ArrayList<>();
      long sum = 0;
      for (long x : state) {
        long y = S6RepeatedBroadcasts.step(x, table.get(S6RepeatedBroadcasts.slot(x, 1_000)));
        next.add(y);
        sum += y;
      }
      state = next;
      total += sum;
      last = sum;
    }
    assertThat(S6RepeatedBroadcasts.expected(small)).isEqualTo(S6RepeatedBroadcasts.render(3, total, last));
  }

  @Test
  void table_holdsOneEntryPerKey() {
    Map<Long, Long> t = S6RepeatedBroadcasts.table(2, 1_000);
    assertThat(t).hasSize(1_000).containsEntry(999L, S6RepeatedBroadcasts.entry(2, 999));
  }

  @Test
  void expected_dependsOnEveryIteration() {
    assertThat(S6RepeatedBroadcasts.expected(small))
        .isNotEqualTo(S6RepeatedBroadcasts.expected(small.with(S6RepeatedBroadcasts.ITERATIONS, 2)));
  }
}

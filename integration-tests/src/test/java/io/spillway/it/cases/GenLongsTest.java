package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenLongsTest {

  @Test
  void materialize_copiesEveryValueInOrderPastTheInitialCapacity() {
    List<Long> in = new ArrayList<>();
    for (long i = 0; i < 1_000; i++) {
      in.add(i * 7);
    }

    long[] out = GenLongs.materialize(in);

    assertThat(out).hasSize(1_000);
    assertThat(out[999]).isEqualTo(6_993L);
  }

  @Test
  void distinctCount_countsEachValueOnce() {
    assertThat(GenLongs.distinctCount(new long[] {5, -1, 5, 3, -1, 5})).isEqualTo(3);
    assertThat(GenLongs.distinctCount(new long[0])).isZero();
  }
}

package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S5PersistLargerThanStorageTest {

  @Test
  void expected_equalsGroupingTextRowsWithPlainCollections() {
    GenSkewedPairs gen = S5PersistLargerThanStorage.generator(CaseParams.of(20_000, 0.0, 3).with("groups", 32));
    Map<Long, long[]> groups = new HashMap<>();
    GenChecksum.Accumulator perRecord = new GenChecksum.Accumulator();
    for (int p = 0; p < gen.partitions(); p++) {
      gen.partition(p).forEachRemaining(t -> {
        int h = GenPayloads.text(t._2()).hashCode();
        long[] a = groups.computeIfAbsent(t._1(), k -> new long[2]);
        a[0]++;
        a[1] += h;
        perRecord.add(GenChecksum.hash(t._1(), h));
      });
    }
    GenChecksum.Accumulator perGroup = new GenChecksum.Accumulator();
    groups.forEach((k, a) -> perGroup.add(GenChecksum.hash(k, a[0], a[1])));

    assertThat(groups).hasSize(32).doesNotContainKey(GenSkewedPairs.HOT_KEY);
    assertThat(S5PersistLargerThanStorage.expected(gen))
        .isEqualTo(S5PersistLargerThanStorage.render(20_000, perGroup.render(), perRecord.render()));
  }

  @Test
  void text_isTwentyLatinCharactersPerValue() {
    assertThat(GenPayloads.text(0xABCL)).isEqualTo("row-0000000000000abc");
    assertThat(GenPayloads.text(-1L)).isEqualTo("row-ffffffffffffffff");
  }
}

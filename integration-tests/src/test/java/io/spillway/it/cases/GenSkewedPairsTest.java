package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

class GenSkewedPairsTest {

  private final GenSkewedPairs gen = new GenSkewedPairs(100_003, 0.3, 7, 1_000, 3);

  @Test
  void partition_concatenatedPartitionsAreRecordsZeroToN() {
    List<Tuple2<Long, Long>> all = new ArrayList<>();
    for (int p = 0; p < gen.partitions(); p++) {
      gen.partition(p).forEachRemaining(all::add);
    }

    assertThat(all).hasSize(100_003);
    for (int g = 0; g < all.size(); g += 997) {
      assertThat(all.get(g)).isEqualTo(new Tuple2<>(gen.key(g), gen.value(g)));
    }
    assertThat(gen.start(0)).isZero();
    assertThat(gen.start(gen.partitions())).isEqualTo(gen.records());
  }

  @Test
  void isHot_shareIsTheSkew() {
    long hot = 0;
    for (long g = 0; g < gen.records(); g++) {
      if (gen.key(g) == GenSkewedPairs.HOT_KEY) {
        hot++;
      }
    }

    assertThat((double) hot / gen.records()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void isHot_skewZeroAndOneAreExact() {
    GenSkewedPairs none = new GenSkewedPairs(10_000, 0.0, 1, 10, 1);
    GenSkewedPairs all = new GenSkewedPairs(10_000, 1.0, 1, 10, 1);

    for (long g = 0; g < 10_000; g++) {
      assertThat(none.isHot(g)).isFalse();
      assertThat(all.key(g)).isEqualTo(GenSkewedPairs.HOT_KEY);
    }
  }

  @Test
  void key_coldKeysAreOneToColdKeysAndAllUsed() {
    Set<Long> cold = new HashSet<>();
    for (long g = 0; g < gen.records(); g++) {
      if (!gen.isHot(g)) {
        cold.add(gen.key(g));
      }
    }

    assertThat(cold).hasSize(1_000).allSatisfy(k -> assertThat(k).isBetween(1L, 1_000L));
  }

  @Test
  void value_sharedWithinABlockDistinctAcrossBlocks() {
    Set<Long> values = new HashSet<>();
    for (long g = 0; g < 30_000; g++) {
      values.add(gen.value(g));
      assertThat(gen.value(g)).isEqualTo(gen.value(g - g % 3));
    }

    assertThat(values).hasSize(10_000);
  }

  @Test
  void partition_iteratorEndsWithNoSuchElement() {
    Iterator<Tuple2<Long, Long>> it = new GenSkewedPairs(2, 0.5, 1, 1, 1).partition(0);
    it.next();
    it.next();

    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(java.util.NoSuchElementException.class);
  }

  @Test
  void constructor_rejectsSkewOutsideUnitInterval() {
    assertThatThrownBy(() -> new GenSkewedPairs(10, 1.5, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("skew");
    assertThatThrownBy(() -> new GenSkewedPairs(10, 0.5, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("coldKeys");
  }
}

package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

class S2JoinHotKeyTest {

  static final CaseParams SMALL = CaseParams.of(40_000, 0.5, 4).with("coldKeys", 300);

  @Test
  void expected_equalsAHashJoinWithPlainCollections() {
    GenSkewedPairs gen = S2JoinHotKey.generator(SMALL);
    Map<Long, Long> dimension = new HashMap<>();
    S2JoinHotKey.dimensionRows(0, 150).forEachRemaining(t -> dimension.put(t._1(), t._2()));
    S2JoinHotKey.dimensionRows(150, 301).forEachRemaining(t -> dimension.put(t._1(), t._2()));
    GenChecksum.Accumulator acc = new GenChecksum.Accumulator();
    for (int p = 0; p < gen.partitions(); p++) {
      gen.partition(p).forEachRemaining(t -> {
        Long w = dimension.get(t._1());
        if (w != null) {
          acc.add(GenChecksum.hash(t._1(), GenPayloads.text(t._2()).hashCode(), w));
        }
      });
    }

    assertThat(S2JoinHotKey.expected(gen)).isEqualTo(acc.render());
    assertThat(acc.items()).isLessThan(SMALL.records()).isGreaterThan(SMALL.records() / 2);
  }

  @Test
  void dimensionRows_oneRowPerKeyExceptSevenModEight() {
    List<Tuple2<Long, Long>> rows = new ArrayList<>();
    S2JoinHotKey.dimensionRows(0, 16).forEachRemaining(rows::add);

    assertThat(rows).extracting(Tuple2::_1)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
  }
}

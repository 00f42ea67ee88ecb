package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class S10SortAndDistinctTest {

  @Test
  void expected_equalsSortingAndDedupingAllLines() {
    CaseParams small = CaseParams.of(20_000, 0.0, 4).with(S10SortAndDistinct.DISTINCT_VALUES, 5_000)
        .with(S10SortAndDistinct.PAYLOAD_CHARS, 30);
    List<String> lines = new ArrayList<>();
    for (long g = 0; g < small.records(); g++) {
      lines.add(S10SortAndDistinct.line(S10SortAndDistinct.valueOf(g, 5_000), 30));
    }
    lines.sort(null);
    long checksum = 0;
    for (String l : lines) {
      checksum += S10SortAndDistinct.stringHash(l);
    }
    int distinct = new HashSet<>(lines).size();
    assertThat(distinct).isLessThan(5_000).isGreaterThan(4_900);
    assertThat(S10SortAndDistinct.expected(small))
        .isEqualTo(S10SortAndDistinct.render(true, lines.size(), checksum, distinct));
  }

  @Test
  void line_isAHexKeyABarAndThePayload() {
    String l = S10SortAndDistinct.line(12345, 100);
    assertThat(l).hasSize(S10SortAndDistinct.KEY_CHARS + 1 + 100).matches("[0-9a-f]{16}\\|[0-9a-f]{100}");
    assertThat(Long.parseUnsignedLong(l.substring(0, 16), 16)).isEqualTo(UtilHash.mix64(12345));
    assertThat(S10SortAndDistinct.line(12345, 100)).isEqualTo(l);
  }
}

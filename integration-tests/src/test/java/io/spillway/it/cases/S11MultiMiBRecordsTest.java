package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S11MultiMiBRecordsTest {

  @Test
  void expected_equalsGroupingGeneratedValuesWithCollections() {
    CaseParams small = CaseParams.of(10, 0.0, 2).with(S11MultiMiBRecords.VALUE_MIB, 1)
        .with(S11MultiMiBRecords.RECORDS_PER_KEY, 4).with(S11MultiMiBRecords.MAP_TASKS, 3);
    Map<Long, List<byte[]>> groups = new HashMap<>();
    for (long g = 0; g < 10; g++) {
      groups.computeIfAbsent(g / 4, k -> new ArrayList<>())
          .add(UtilBytes.generate(UtilHash.hash(g, S11MultiMiBRecords.SALT), 1 << 20));
    }
    long values = 0;
    long sum = 0;
    for (Map.Entry<Long, List<byte[]>> e : groups.entrySet()) {
      for (byte[] v : e.getValue()) {
        values++;
        sum += UtilHash.mix64(UtilBytes.checksum(v) ^ e.getKey());
      }
    }
    assertThat(groups).hasSize(3);
    assertThat(S11MultiMiBRecords.expected(small)).isEqualTo(S11MultiMiBRecords.render(3, values, sum));
  }

  @Test
  void defaults_haveNoSkewAndSmallGroups() {
    CaseParams d = new S11MultiMiBRecords().defaults();
    assertThat(d.skew()).isZero();
    assertThat(d.extra(S11MultiMiBRecords.RECORDS_PER_KEY) * d.extra(S11MultiMiBRecords.VALUE_MIB)).isEqualTo(32);
  }
}

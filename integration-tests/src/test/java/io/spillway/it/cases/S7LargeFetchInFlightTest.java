package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class S7LargeFetchInFlightTest {

  @Test
  void expected_equalsChecksumOfGeneratedValues() {
    CaseParams small = CaseParams.of(40, 0.0, 2).with(S7LargeFetchInFlight.VALUE_KIB, 8)
        .with(S7LargeFetchInFlight.MAP_TASKS, 4);
    long sum = 0;
    for (int p = 0; p < 4; p++) {
      UtilValueIterator<byte[]> it = UtilValueIterator.ofPartition(40, 4, p,
          g -> UtilBytes.generate(UtilHash.hash(g, S7LargeFetchInFlight.SALT), 8 * 1024));
      long g = UtilSplit.first(40, 4, p);
      while (it.hasNext()) {
        sum += UtilHash.mix64(UtilBytes.checksum(it.next()) ^ g++);
      }
    }
    assertThat(S7LargeFetchInFlight.expected(small)).isEqualTo(S7LargeFetchInFlight.render(40, sum));
  }

  @Test
  void sparkConf_setsTheGenerousFetchWindow() {
    assertThat(new S7LargeFetchInFlight().sparkConf()).containsEntry("spark.reducer.maxSizeInFlight", "512m");
  }

  @Test
  void sparkConf_fetchesOverTheNetworkIntoHeapBuffers() {
    assertThat(new S7LargeFetchInFlight().sparkConf())
        .containsEntry("spark.shuffle.readHostLocalDisk", "false")
        .containsEntry("spark.network.io.preferDirectBufs", "false")
        .containsEntry("spark.shuffle.io.preferDirectBufs", "false");
  }

  @Test
  void defaults_makeMapOutputBlocksOfTensOfMiB() {
    CaseParams d = new S7LargeFetchInFlight().defaults();
    long blockBytes = d.records() / S7LargeFetchInFlight.INPUTS * S7LargeFetchInFlight.valueBytes(d)
        / d.extra(S7LargeFetchInFlight.MAP_TASKS) / d.partitions();
    assertThat(blockBytes).isEqualTo(32L << 20);
  }
}

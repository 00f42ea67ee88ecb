package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SizeEstimator;
import org.apache.spark.util.collection.PartitionedPairBuffer;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

class S10SortAndDistinctTest {

  /** 20 000 lines from 5 000 values, one value in 100 with a line of 1–64 KiB. */
  private static final CaseParams TINY = CaseParams.of(20_000, 0.0, 4).with(S10SortAndDistinct.DISTINCT_VALUES, 5_000)
      .with(S10SortAndDistinct.PAYLOAD_CHARS, 30).with(S10SortAndDistinct.BIG_LINE_ONE_IN, 100)
      .with(S10SortAndDistinct.BIG_MIN_KIB, 1).with(S10SortAndDistinct.BIG_MAX_KIB, 64);

  @Test
  void expected_equalsSortingAndDedupingAllLines() {
    GenHeavyTailedLines shape = S10SortAndDistinct.shape(TINY);
    List<String> lines = new ArrayList<>();
    for (long g = 0; g < TINY.records(); g++) {
      lines.add(shape.line(S10SortAndDistinct.valueOf(g, 5_000)));
    }
    lines.sort(null);
    long checksum = 0;
    for (String l : lines) {
      checksum += S10SortAndDistinct.stringHash(l);
    }
    int distinct = new HashSet<>(lines).size();
    assertThat(distinct).isLessThan(5_000).isGreaterThan(4_900);
    assertThat(lines.stream().filter(l -> l.length() > 1024).count()).isBetween(100L, 300L);
    assertThat(S10SortAndDistinct.expected(TINY))
        .isEqualTo(S10SortAndDistinct.render(true, lines.size(), checksum, distinct));
  }

  @Test
  void run_tinyInstanceInLocalMode_answerEqualsExpected() {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("s10-tiny")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    try {
      CaseResult r = new S10SortAndDistinct().run(spark, TINY);

      assertThat(r.actual()).isEqualTo(r.expected());
      assertThat(r.expected()).startsWith("sorted=true lines=20000 ");
    } finally {
      spark.stop();
    }
  }

  /**
   * The premise of the case, checked on Spark's own collection: with the default line shape the sampled size
   * estimate of the reduce-side sort buffer is less than a quarter of what the buffer holds, while the case
   * needs it below heap / execution pool = 512 MiB / 127 MiB (about 4) to run out of heap before it spills.
   */
  @Test
  void sizeEstimate_ofTheSortBufferMissesTheRareBigLines() {
    CaseParams d = new S10SortAndDistinct().defaults();
    GenHeavyTailedLines shape = S10SortAndDistinct.shape(d);
    PartitionedPairBuffer<String, String> buffer = new PartitionedPairBuffer<>(64);
    long heldBytes = 0;
    for (long g = 0; g < 20_000; g++) {
      String line = shape.line(S10SortAndDistinct.valueOf(g, d.extra(S10SortAndDistinct.DISTINCT_VALUES)));
      String key = line.substring(0, S10SortAndDistinct.KEY_CHARS);
      buffer.insert(0, key, line);
      // Each record alone is small enough for an exact (unsampled) estimate; 8 bytes for its two array slots.
      heldBytes += SizeEstimator.estimate(new Tuple2<>(0, key)) + SizeEstimator.estimate(line) + 8;
    }

    assertThat(heldBytes).isGreaterThan(10L << 20);
    assertThat((double) heldBytes / buffer.estimateSize()).isGreaterThan(4.0);
  }
}

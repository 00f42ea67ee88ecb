package io.spillway.skew;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

class HotKeyDetectorTest {

  private static final int ROWS = 20_000;

  /** Fixed-width values, so a key's bytes are proportional to its rows. */
  private static String value(int i) {
    return String.format("value-%08d", i);
  }

  /** {@code hotShare} of the rows on key 0, the rest spread evenly over 1000 keys. */
  private static JavaPairRDD<Integer, String> rows(JavaSparkContext jsc, double hotShare) {
    List<Tuple2<Integer, String>> rows = new ArrayList<>();
    int hot = (int) (ROWS * hotShare);
    for (int i = 0; i < ROWS; i++) {
      rows.add(new Tuple2<>(i < hot ? 0 : 1 + i % 1000, value(i)));
    }
    return jsc.parallelizePairs(rows, 2);
  }

  /** A tenth of the side's total value bytes: a key holding a 30 % share is three times above it. */
  private static Settings tenthOfTotal(JavaSparkContext jsc) {
    long totalBytes = ROWS * HotKeyDetector.valueBytes(value(0));
    return SkewJoin.Options.defaults().withSampleFraction(0.1).withHotThresholdBytes(totalBytes / 10)
        .withBucketBytes(totalBytes / 10).resolve(jsc.getConf());
  }

  @Test
  void estimateHotKeyBytes_keyWith30PercentOfRows_isFoundWithItsBytes() {
    JavaSparkContext jsc = LocalSpark.context();
    Settings settings = tenthOfTotal(jsc);

    Map<Integer, Long> hot = HotKeyDetector.estimateHotKeyBytes(rows(jsc, 0.3), rows(jsc, 0.0), settings).left();

    long trueBytes = (long) (ROWS * 0.3) * HotKeyDetector.valueBytes(value(0));
    assertThat(hot).containsOnlyKeys(0);
    assertThat((double) hot.get(0)).isBetween(0.8 * trueBytes, 1.2 * trueBytes);
  }

  @Test
  void estimateHotKeyBytes_uniformKeys_flagsNothing() {
    JavaSparkContext jsc = LocalSpark.context();

    HotKeyDetector.SideBytes<Integer> bytes = HotKeyDetector.estimateHotKeyBytes(rows(jsc, 0.0), rows(jsc, 0.0),
        tenthOfTotal(jsc));

    assertThat(bytes.left()).isEmpty();
    assertThat(bytes.right()).isEmpty();
  }

  @Test
  void plan_uniformKeysWithDefaultOptions_isEmpty() {
    JavaSparkContext jsc = LocalSpark.context();
    JavaPairRDD<Integer, String> uniform = rows(jsc, 0.0);

    assertThat(HotKeyDetector.plan(uniform, uniform, SkewJoin.Options.defaults().resolve(jsc.getConf())).isEmpty())
        .isTrue();
  }

  @Test
  void plan_keyWith30PercentOnTheRight_saltsTheRightInBucketsOfTheTarget() {
    JavaSparkContext jsc = LocalSpark.context();
    Settings settings = tenthOfTotal(jsc);

    SaltPlan<Integer> plan = HotKeyDetector.plan(rows(jsc, 0.0), rows(jsc, 0.3), settings);

    assertThat(plan.hotKeys()).containsOnlyKeys(0);
    HotKey hot = plan.hotKey(0);
    assertThat(hot.saltedLeft()).isFalse();
    assertThat(hot.leftBytes()).isZero();
    assertThat(hot.buckets()).isEqualTo(settings.bucketsFor(hot.rightBytes())).isBetween(3, 4);
  }
}

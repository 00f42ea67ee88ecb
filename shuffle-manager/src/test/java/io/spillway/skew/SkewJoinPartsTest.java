package io.spillway.skew;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The small parts of the salted join: join-type table, row tagging, placement, option resolution. */
class SkewJoinPartsTest {

  @Test
  void forHotKey_everyJoinType_replicatedSideIsInnerSaltedSideKeepsItsOuterSemantics() {
    assertThat(JoinType.INNER.forHotKey(true)).isEqualTo(JoinType.INNER);
    assertThat(JoinType.INNER.forHotKey(false)).isEqualTo(JoinType.INNER);
    assertThat(JoinType.LEFT_OUTER.forHotKey(true)).isEqualTo(JoinType.LEFT_OUTER);
    assertThat(JoinType.LEFT_OUTER.forHotKey(false)).isEqualTo(JoinType.INNER);
    assertThat(JoinType.RIGHT_OUTER.forHotKey(true)).isEqualTo(JoinType.INNER);
    assertThat(JoinType.RIGHT_OUTER.forHotKey(false)).isEqualTo(JoinType.RIGHT_OUTER);
    assertThat(JoinType.FULL_OUTER.forHotKey(true)).isEqualTo(JoinType.LEFT_OUTER);
    assertThat(JoinType.FULL_OUTER.forHotKey(false)).isEqualTo(JoinType.RIGHT_OUTER);
  }

  @Test
  void rowTagger_saltedSide_dealsRowsRoundRobinFromThePartitionIndex() {
    SaltPlan<String> plan = new SaltPlan<>(Map.of("hot", new HotKey(3, true, 100, 0)), 10);
    List<Tuple2<String, Integer>> rows = List.of(t("hot", 1), t("cold", 2), t("hot", 3), t("hot", 4), t("hot", 5));

    List<Tuple2<SaltedKey<String>, Integer>> tagged = drain(new RowTagger<>(rows.iterator(), plan, true, 2));

    assertThat(tagged).extracting(r -> r._1().bucket()).containsExactly(2, SaltedKey.COLD, 0, 1, 2);
    assertThat(tagged).extracting(Tuple2::_2).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void rowTagger_replicatedSide_copiesEachRowToEveryBucket() {
    SaltPlan<String> plan = new SaltPlan<>(Map.of("hot", new HotKey(3, true, 100, 0)), 10);

    List<Tuple2<SaltedKey<String>, Integer>> tagged =
        drain(new RowTagger<>(List.of(t("hot", 7), t("cold", 8)).iterator(), plan, false, 0));

    assertThat(tagged).extracting(r -> r._1().bucket()).containsExactly(0, 1, 2, SaltedKey.COLD);
    assertThat(tagged).extracting(Tuple2::_2).containsExactly(7, 7, 7, 8);
    assertThat(tagged.get(0)._1().saltedLeft()).isTrue();
  }

  @Test
  void saltedPartitioner_hotKeyBuckets_landInDistinctPartitionsFromTheKeysHome() {
    HashPartitioner keys = new HashPartitioner(8);
    SaltedPartitioner salted = new SaltedPartitioner(keys);
    Set<Integer> partitions = new HashSet<>();
    for (int b = 0; b < 8; b++) {
      partitions.add(salted.getPartition(new SaltedKey<>("hot", b, true)));
    }

    assertThat(partitions).hasSize(8);
    assertThat(salted.getPartition(SaltedKey.cold("cold"))).isEqualTo(keys.getPartition("cold"));
    assertThat(salted.getPartition(new SaltedKey<>("hot", 0, true))).isEqualTo(keys.getPartition("hot"));
    assertThat(salted).isEqualTo(new SaltedPartitioner(new HashPartitioner(8)));
  }

  @Test
  void resolve_defaults_bucketIsAShareOfOneTaskSlotsHeap() {
    SparkConf conf = new SparkConf(false).set("spark.executor.memory", "4g").set("spark.executor.cores", "4");

    Settings s = SkewJoin.Options.defaults().resolve(conf);

    long slotBytes = 1024L * 1024 * 1024;
    assertThat(s.bucketBytes()).isEqualTo((long) (SkewJoin.Options.DEFAULT_BUCKET_HEAP_RATIO * slotBytes));
    assertThat(s.hotThresholdBytes()).isEqualTo(s.bucketBytes());
  }

  @Test
  void bucketsFor_sizes_ceilOfBytesOverTargetBetweenTwoAndTheCap() {
    Settings s = SkewJoin.Options.defaults().withBucketBytes(100).withMaxBucketsPerKey(50).resolve(new SparkConf(false));

    assertThat(s.bucketsFor(101)).isEqualTo(2);
    assertThat(s.bucketsFor(1_001)).isEqualTo(11);
    assertThat(s.bucketsFor(1_000_000)).isEqualTo(50);
  }

  @Test
  void options_badValues_areRejectedAtOnce() {
    SkewJoin.Options o = SkewJoin.Options.defaults();
    assertThatThrownBy(() -> o.withSampleFraction(0)).hasMessageContaining("sample fraction must be in (0, 1] but was 0.0");
    assertThatThrownBy(() -> o.withBucketBytes(0)).hasMessageContaining("bucket bytes must be positive");
    assertThatThrownBy(() -> o.withMaxBucketsPerKey(1)).hasMessageContaining("at least 2 but was 1");
    assertThatThrownBy(() -> o.withBucketHeapRatio(1.5)).hasMessageContaining("(0, 1] but was 1.5");
  }

  private static <K, V> Tuple2<K, V> t(K k, V v) {
    return new Tuple2<>(k, v);
  }

  private static <T> List<T> drain(java.util.Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}

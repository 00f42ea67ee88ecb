package io.spillway.skew;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.LocalSpark;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.PairRDDFunctions;
import org.apache.spark.rdd.RDD;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * Every join type, Java and Scala API, against Spark's own join of the same type on {@link JoinData}: sorted
 * collected results must be equal element for element. Three partitions, fewer than most hot keys' buckets, so
 * buckets also wrap around partitions.
 */
class SkewJoinTest {

  private static final Partitioner PARTITIONER = new HashPartitioner(3);

  private static JavaSparkContext jsc;
  private static JavaPairRDD<Long, String> left;
  private static JavaPairRDD<Long, String> right;
  private static JavaPairRDD<Long, String> leftWithNulls;
  private static JavaPairRDD<Long, String> rightWithNulls;

  @BeforeAll
  static void data() {
    jsc = LocalSpark.context();
    left = jsc.parallelizePairs(JoinData.left(false), 3);
    right = jsc.parallelizePairs(JoinData.right(false), 2);
    leftWithNulls = jsc.parallelizePairs(JoinData.left(true), 3);
    rightWithNulls = jsc.parallelizePairs(JoinData.right(true), 2);
  }

  @Test
  void plan_generatedData_saltsEveryHotKeyOnItsLargerSide() {
    SaltPlan<Long> plan = HotKeyDetector.plan(left, right, JoinData.OPTIONS.resolve(jsc.getConf()));

    Map<Long, HotKey> hot = plan.hotKeys();
    assertThat(hot).containsOnlyKeys(1L, 2L, 3L, 4L, 5L, 6L, null);
    assertThat(hot.get(null).saltedLeft()).isTrue();
    assertThat(hot.get(1L).saltedLeft()).isTrue();
    assertThat(hot.get(2L).saltedLeft()).isFalse();
    assertThat(hot.get(3L).saltedLeft()).isTrue();
    assertThat(hot.get(6L).saltedLeft()).isFalse();
    assertThat(hot.get(4L).saltedLeft()).isTrue();
    assertThat(hot.get(5L).saltedLeft()).isFalse();
    assertThat(hot.values()).allSatisfy(h -> assertThat(h.buckets()).isGreaterThan(PARTITIONER.numPartitions()));
  }

  @Test
  void join_hotKeysOfEveryShape_equalsSparkJoin() {
    assertSameRows(SkewJoin.join(left, right, PARTITIONER, JoinData.OPTIONS), left.join(right, PARTITIONER));
  }

  @Test
  void leftOuterJoin_hotKeysOfEveryShape_equalsSparkLeftOuterJoin() {
    assertSameRows(SkewJoin.leftOuterJoin(left, right, PARTITIONER, JoinData.OPTIONS),
        left.leftOuterJoin(right, PARTITIONER));
  }

  @Test
  void rightOuterJoin_hotKeysOfEveryShape_equalsSparkRightOuterJoin() {
    assertSameRows(SkewJoin.rightOuterJoin(left, right, PARTITIONER, JoinData.OPTIONS),
        left.rightOuterJoin(right, PARTITIONER));
  }

  @Test
  void fullOuterJoin_hotKeysOfEveryShape_equalsSparkFullOuterJoin() {
    assertSameRows(SkewJoin.fullOuterJoin(left, right, PARTITIONER, JoinData.OPTIONS),
        left.fullOuterJoin(right, PARTITIONER));
  }

  @Test
  void join_nullValues_equalsSparkJoin() {
    assertSameRows(SkewJoin.join(leftWithNulls, rightWithNulls, PARTITIONER, JoinData.OPTIONS),
        leftWithNulls.join(rightWithNulls, PARTITIONER));
  }

  @Test
  void scalaJoin_nullValues_equalsPairRddFunctionsJoin() {
    assertSameRows(SkewJoin.join(leftWithNulls.rdd(), rightWithNulls.rdd(), PARTITIONER, JoinData.OPTIONS),
        pairs(leftWithNulls).join(rightWithNulls.rdd(), PARTITIONER));
  }

  @Test
  void scalaLeftOuterJoin_nullValues_equalsPairRddFunctionsLeftOuterJoin() {
    assertSameRows(SkewJoin.leftOuterJoin(leftWithNulls.rdd(), rightWithNulls.rdd(), PARTITIONER, JoinData.OPTIONS),
        pairs(leftWithNulls).leftOuterJoin(rightWithNulls.rdd(), PARTITIONER));
  }

  @Test
  void scalaRightOuterJoin_nullValues_equalsPairRddFunctionsRightOuterJoin() {
    assertSameRows(SkewJoin.rightOuterJoin(leftWithNulls.rdd(), rightWithNulls.rdd(), PARTITIONER, JoinData.OPTIONS),
        pairs(leftWithNulls).rightOuterJoin(rightWithNulls.rdd(), PARTITIONER));
  }

  @Test
  void scalaFullOuterJoin_nullValues_equalsPairRddFunctionsFullOuterJoin() {
    assertSameRows(SkewJoin.fullOuterJoin(leftWithNulls.rdd(), rightWithNulls.rdd(), PARTITIONER, JoinData.OPTIONS),
        pairs(leftWithNulls).fullOuterJoin(rightWithNulls.rdd(), PARTITIONER));
  }

  @Test
  void fullOuterJoin_emptyLeft_equalsSparkFullOuterJoin() {
    JavaPairRDD<Long, String> empty = JavaPairRDD.fromJavaRDD(jsc.<Tuple2<Long, String>>emptyRDD());
    assertSameRows(SkewJoin.fullOuterJoin(empty, right, PARTITIONER, JoinData.OPTIONS),
        empty.fullOuterJoin(right, PARTITIONER));
    assertSameRows(SkewJoin.leftOuterJoin(left, empty, PARTITIONER, JoinData.OPTIONS),
        left.leftOuterJoin(empty, PARTITIONER));
  }

  @Test
  void join_bothEmpty_isEmpty() {
    JavaPairRDD<Long, String> empty = JavaPairRDD.fromJavaRDD(jsc.<Tuple2<Long, String>>emptyRDD());
    assertThat(SkewJoin.fullOuterJoin(empty, empty, JoinData.OPTIONS).collect()).isEmpty();
    assertThat(SkewJoin.join(empty, empty).collect()).isEmpty();
  }

  @Test
  void join_defaultOptionsAndPartitioner_equalsSparkJoin() {
    // Default options derive a bucket target of MiBs from the executor memory: no key of this data is hot, so
    // this is Spark's own join after sampling.
    assertSameRows(SkewJoin.leftOuterJoin(left, right), left.leftOuterJoin(right));
    assertThat(SkewJoin.join(left, right, 7).getNumPartitions()).isEqualTo(7);
  }

  private static PairRDDFunctions<Long, String> pairs(JavaPairRDD<Long, String> rdd) {
    return RDD.rddToPairRDDFunctions(rdd.rdd(), rdd.kClassTag(), rdd.vClassTag(), null);
  }

  private static <T> void assertSameRows(RDD<T> actual, RDD<T> expected) {
    assertSameRows(actual.toJavaRDD().collect(), expected.toJavaRDD().collect());
  }

  private static <K, V> void assertSameRows(JavaPairRDD<K, V> actual, JavaPairRDD<K, V> expected) {
    assertSameRows(actual.collect(), expected.collect());
  }

  private static <T> void assertSameRows(List<T> actual, List<T> expected) {
    assertThat(expected).as("Spark's own join produced rows").isNotEmpty();
    // List equality, not containsExactly: the latter diffs the lists first, quadratic in their length.
    assertThat(actual).hasSameSizeAs(expected);
    assertThat(sortedByText(actual)).isEqualTo(sortedByText(expected));
  }

  /** The rows in the order of their string forms, each rendered once. */
  private static <T> List<T> sortedByText(List<T> rows) {
    return rows.stream().map(r -> Map.entry(Objects.toString(r), r))
        .sorted(Map.Entry.comparingByKey())
        .map(Map.Entry::getValue)
        .toList();
  }
}

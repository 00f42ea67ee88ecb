package io.spillway.skew;

import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.broadcast.Broadcast;

/**
 * The join itself, once the plan exists: both sides re-keyed by {@link RowTagger}, ONE cogroup on
 * {@link SaltedKey}s placed by {@link SaltedPartitioner}, and per group the pairs of the group's join type
 * ({@link JoinedPairs}). Spark's own joins are a cogroup followed by the same per-key loop, so a cold key is
 * joined exactly as Spark would join it, in the same reduce partition.
 *
 * <h2>Why one cogroup and not "cold join ∪ hot join"</h2>
 * Splitting the inputs into a cold and a hot RDD and joining each would read every input twice (two shuffle
 * map stages over the same parents); tagging rows and cogrouping once reads each input once, like Spark's join.
 *
 * <h2>Outer joins and empty buckets</h2>
 * A hot key's group {@code (key, i)} holds the salted side's rows dealt to bucket {@code i} and ALL of the other
 * side's rows of the key. A bucket can be empty on the salted side (fewer rows than buckets, or an unlucky
 * deal), so if the replicated side kept its outer semantics it would emit "no match" rows that do not exist.
 * Hence {@link JoinType#forHotKey}: within a hot key the replicated side joins INNER — it loses nothing, since
 * the salted side has rows for the key (it was found hot there from sampled rows) and every replicated copy
 * meets them in some bucket — while the salted side keeps the requested outer semantics: each of its rows sees
 * every row of the other side in its bucket, so "no match" is true when it is emitted. Per join type, with L
 * salted: inner → inner; left outer → left outer; right outer → inner; full outer → left outer (and
 * symmetrically with R salted).
 */
final class SaltedJoin {

  private SaltedJoin() {}

  static <K, V, W, R> JavaPairRDD<K, R> run(JavaPairRDD<K, V> left, JavaPairRDD<K, W> right, Partitioner partitioner,
      JoinType type, PairShape<V, W, R> shape, Broadcast<SaltPlan<K>> plan) {
    JavaPairRDD<SaltedKey<K>, V> taggedLeft = JavaPairRDD.fromJavaRDD(left.mapPartitionsWithIndex(
        (index, rows) -> new RowTagger<>(rows, plan.value(), true, index), false));
    JavaPairRDD<SaltedKey<K>, W> taggedRight = JavaPairRDD.fromJavaRDD(right.mapPartitionsWithIndex(
        (index, rows) -> new RowTagger<>(rows, plan.value(), false, index), false));
    return taggedLeft.cogroup(taggedRight, new SaltedPartitioner(partitioner))
        .flatMapToPair(group -> {
          SaltedKey<K> key = group._1();
          JoinType groupType = key.isHot() ? type.forHotKey(key.saltedLeft()) : type;
          return new JoinedPairs<>(key.key(), group._2()._1(), group._2()._2(), groupType, shape);
        });
  }
}

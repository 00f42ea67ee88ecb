package io.spillway.skew;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.spark.Partitioner;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.PairRDDFunctions;
import org.apache.spark.rdd.RDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import scala.reflect.ClassTag;

/**
 * Driver side of one skew-safe join: resolve the options, sample for hot keys, log the decision, then either
 * Spark's own join (no hot key: nothing to gain from salting, and Spark keeps co-partitioned inputs narrow) or
 * the {@link SaltedJoin}.
 */
final class SkewJoinRunner {

  private static final Logger LOG = LoggerFactory.getLogger(SkewJoin.class);

  /** Hot keys named in the log line; the rest are counted. */
  static final int MAX_LOGGED_KEYS = 20;

  private SkewJoinRunner() {}

  static <K, V, W, R> JavaPairRDD<K, R> run(JavaPairRDD<K, V> left, JavaPairRDD<K, W> right, Partitioner partitioner,
      SkewJoin.Options options, JoinType type, PairShape<V, W, R> shape) {
    SparkConf conf = left.context().getConf();
    Settings settings = options.resolve(conf);
    SaltPlan<K> plan = HotKeyDetector.plan(left, right, settings);
    if (plan.isEmpty()) {
      LOG.info("SkewJoin.{}: no hot key (sampled {} of each side, hot above {} per key) - Spark's {} with {} partitions",
          type.methodName(), percent(settings.sampleFraction()), bytes(settings.hotThresholdBytes()), type.methodName(),
          partitioner.numPartitions());
      return sparkJoin(left, right, partitioner, type);
    }
    LOG.info("SkewJoin.{}: {}", type.methodName(), describe(plan, settings, partitioner.numPartitions()));
    Broadcast<SaltPlan<K>> broadcast = JavaSparkContext.fromSparkContext(left.context()).broadcast(plan);
    return SaltedJoin.run(left, right, partitioner, type, shape, broadcast);
  }

  /** Spark's join of {@code type}, as the Scala API returns it; {@code R} is that type's value shape. */
  @SuppressWarnings("unchecked")
  private static <K, V, W, R> JavaPairRDD<K, R> sparkJoin(JavaPairRDD<K, V> left, JavaPairRDD<K, W> right,
      Partitioner partitioner, JoinType type) {
    PairRDDFunctions<K, V> pairs = RDD.rddToPairRDDFunctions(left.rdd(), left.kClassTag(), left.vClassTag(), null);
    RDD<?> joined = switch (type) {
      case INNER -> pairs.join(right.rdd(), partitioner);
      case LEFT_OUTER -> pairs.leftOuterJoin(right.rdd(), partitioner);
      case RIGHT_OUTER -> pairs.rightOuterJoin(right.rdd(), partitioner);
      case FULL_OUTER -> pairs.fullOuterJoin(right.rdd(), partitioner);
    };
    return JavaPairRDD.fromRDD((RDD<Tuple2<K, R>>) joined, left.kClassTag(), (ClassTag<R>) anyTag());
  }

  static ClassTag<Object> anyTag() {
    return scala.reflect.ClassTag$.MODULE$.AnyRef();
  }

  /** The log line's body: the salted keys, largest first, at most {@link #MAX_LOGGED_KEYS} of them. */
  static <K> String describe(SaltPlan<K> plan, Settings settings, int partitions) {
    List<Map.Entry<K, HotKey>> keys = plan.hotKeys().entrySet().stream()
        .sorted(Comparator.comparingLong(
            (Map.Entry<K, HotKey> e) -> Math.max(e.getValue().leftBytes(), e.getValue().rightBytes())).reversed())
        .toList();
    StringBuilder out = new StringBuilder();
    out.append(keys.size()).append(" hot key(s) salted (sampled ").append(percent(settings.sampleFraction()))
        .append(" of each side, hot above ").append(bytes(settings.hotThresholdBytes()))
        .append(", bucket target ").append(bytes(settings.bucketBytes()))
        .append(", ").append(partitions).append(" partitions):");
    for (int i = 0; i < Math.min(MAX_LOGGED_KEYS, keys.size()); i++) {
      HotKey h = keys.get(i).getValue();
      out.append(i == 0 ? " " : "; ").append("key ").append(KeyText.render(keys.get(i).getKey()))
          .append(" -> ").append(h.buckets()).append(" buckets, ").append(h.saltedLeft() ? "left" : "right")
          .append(" salted (left ~").append(bytes(h.leftBytes())).append(", right ~").append(bytes(h.rightBytes()))
          .append(')');
    }
    if (keys.size() > MAX_LOGGED_KEYS) {
      out.append("; and ").append(keys.size() - MAX_LOGGED_KEYS).append(" more");
    }
    return out.toString();
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.3g%%", fraction * 100);
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}

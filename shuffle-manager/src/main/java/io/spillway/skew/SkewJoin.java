package io.spillway.skew;

import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.Optional;
import org.apache.spark.rdd.RDD;
import scala.Option;
import scala.Tuple2;
import scala.reflect.ClassTag;

/**
 * RDD joins that survive hot keys: the same four joins as {@code JavaPairRDD} / {@code PairRDDFunctions}, with
 * the same results, for data where one key carries more rows than a reduce task can hold.
 *
 * <p>Why: Spark's RDD join is a cogroup, and a cogroup buffers every value of a key, on both sides, in one reduce
 * task before it yields the key's first pair. A key with hundreds of MiB of values therefore needs that much heap
 * in one task, whatever the executor count — the classic "all tasks finished except the last one of the join",
 * ending in {@code OutOfMemoryError}. The usual cure is salting by hand; this class does it from a sample:
 * <ol>
 *   <li>both sides are sampled ({@link Options#withSampleFraction}); a key is <em>hot</em> on a side when its
 *       values' estimated heap bytes there exceed a threshold derived from the executors' memory;</li>
 *   <li>a hot key is split on its larger side into {@code n = ceil(bytes / bucket target)} buckets (capped) and
 *       the other side's rows of that key are copied into every bucket; cold keys are joined as Spark joins
 *       them;</li>
 *   <li>outer joins stay exact: within a hot key only the split side keeps its outer semantics (see
 *       {@code SaltedJoin}).</li>
 * </ol>
 * The driver logs at INFO which keys were salted and why. When the sample finds no hot key, the call is
 * Spark's own join after the sampling pass.
 *
 * <p>Costs: the sampling is one extra pass over each input (two small jobs, run when the method is called, like
 * {@code sortByKey}'s range sampling); persist inputs that are expensive to compute. With hot keys, both inputs
 * are shuffled (a pre-partitioned input loses its narrow dependency), the replicated rows are shuffled {@code n}
 * times, and the result has no partitioner. Results are identical as multisets to Spark's join; the order of
 * rows within a partition is not.
 *
 * <p>Limits: a key hot on both sides is split on the larger and copied from the smaller, so the smaller side's
 * rows of that key must still fit one task. Array keys are not supported (arrays hash and compare by identity).
 * Inputs must be deterministic: outer joins rely on a hot key seen in the sample still having rows on its split
 * side when the join recomputes the input.
 * In the Java API an outer join's matched null value fails as in Spark ({@code Optional.of(null)}); the Scala API
 * gives {@code Some(null)}, as Spark does.
 *
 * <p>Java: {@code SkewJoin.leftOuterJoin(orders, customers)}; Scala: {@code SkewJoin.join(left, right)} on
 * {@code RDD[(K, V)]} and {@code RDD[(K, W)]}.
 */
public final class SkewJoin {

  private SkewJoin() {}

  // ---- Java API: JavaPairRDD in, JavaPairRDD out, org.apache.spark.api.java.Optional for outer sides ----

  /** As {@code left.join(right)}: Spark's default partitioner for the two inputs. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<V, W>> join(JavaPairRDD<K, V> left, JavaPairRDD<K, W> right) {
    return join(left, right, defaultPartitioner(left, right), Options.defaults());
  }

  /** As {@code left.join(right, numPartitions)}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<V, W>> join(JavaPairRDD<K, V> left, JavaPairRDD<K, W> right,
      int numPartitions) {
    return join(left, right, new HashPartitioner(numPartitions), Options.defaults());
  }

  /** As {@code left.join(right, partitioner)}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<V, W>> join(JavaPairRDD<K, V> left, JavaPairRDD<K, W> right,
      Partitioner partitioner) {
    return join(left, right, partitioner, Options.defaults());
  }

  /** As {@code left.join(right)}, with {@code options}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<V, W>> join(JavaPairRDD<K, V> left, JavaPairRDD<K, W> right,
      Options options) {
    return join(left, right, defaultPartitioner(left, right), options);
  }

  /**
   * The inner join of {@code left} and {@code right}: every pair of rows with equal keys, hot keys salted.
   *
   * @param partitioner places cold keys (as Spark's join would) and gives the result's partition count
   */
  public static <K, V, W> JavaPairRDD<K, Tuple2<V, W>> join(JavaPairRDD<K, V> left, JavaPairRDD<K, W> right,
      Partitioner partitioner, Options options) {
    return SkewJoinRunner.run(left, right, partitioner, options, JoinType.INNER, PairShape.inner());
  }

  /** As {@code left.leftOuterJoin(right)}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<V, Optional<W>>> leftOuterJoin(JavaPairRDD<K, V> left,
      JavaPairRDD<K, W> right) {
    return leftOuterJoin(left, right, defaultPartitioner(left, right), Options.defaults());
  }

  /** As {@code left.leftOuterJoin(right, numPartitions)}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<V, Optional<W>>> leftOuterJoin(JavaPairRDD<K, V> left,
      JavaPairRDD<K, W> right, int numPartitions) {
    return leftOuterJoin(left, right, new HashPartitioner(numPartitions), Options.defaults());
  }

  /** As {@code left.leftOuterJoin(right, partitioner)}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<V, Optional<W>>> leftOuterJoin(JavaPairRDD<K, V> left,
      JavaPairRDD<K, W> right, Partitioner partitioner) {
    return leftOuterJoin(left, right, partitioner, Options.defaults());
  }

  /** As {@code left.leftOuterJoin(right)}, with {@code options}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<V, Optional<W>>> leftOuterJoin(JavaPairRDD<K, V> left,
      JavaPairRDD<K, W> right, Options options) {
    return leftOuterJoin(left, right, defaultPartitioner(left, right), options);
  }

  /** The left outer join: every left row, with each matching right row or with {@code Optional.empty()}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<V, Optional<W>>> leftOuterJoin(JavaPairRDD<K, V> left,
      JavaPairRDD<K, W> right, Partitioner partitioner, Options options) {
    return SkewJoinRunner.run(left, right, partitioner, options, JoinType.LEFT_OUTER, PairShape.<V, W>leftOuter())
        .mapValues(t -> new Tuple2<>(t._1(), optional(t._2())));
  }

  /** As {@code left.rightOuterJoin(right)}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<Optional<V>, W>> rightOuterJoin(JavaPairRDD<K, V> left,
      JavaPairRDD<K, W> right) {
    return rightOuterJoin(left, right, defaultPartitioner(left, right), Options.defaults());
  }

  /** As {@code left.rightOuterJoin(right, numPartitions)}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<Optional<V>, W>> rightOuterJoin(JavaPairRDD<K, V> left,
      JavaPairRDD<K, W> right, int numPartitions) {
    return rightOuterJoin(left, right, new HashPartitioner(numPartitions), Options.defaults());
  }

  /** As {@code left.rightOuterJoin(right, partitioner)}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<Optional<V>, W>> rightOuterJoin(JavaPairRDD<K, V> left,
      JavaPairRDD<K, W> right, Partitioner partitioner) {
    return rightOuterJoin(left, right, partitioner, Options.defaults());
  }

  /** As {@code left.rightOuterJoin(right)}, with {@code options}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<Optional<V>, W>> rightOuterJoin(JavaPairRDD<K, V> left,
      JavaPairRDD<K, W> right, Options options) {
    return rightOuterJoin(left, right, defaultPartitioner(left, right), options);
  }

  /** The right outer join: every right row, with each matching left row or with {@code Optional.empty()}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<Optional<V>, W>> rightOuterJoin(JavaPairRDD<K, V> left,
      JavaPairRDD<K, W> right, Partitioner partitioner, Options options) {
    return SkewJoinRunner.run(left, right, partitioner, options, JoinType.RIGHT_OUTER, PairShape.<V, W>rightOuter())
        .mapValues(t -> new Tuple2<>(optional(t._1()), t._2()));
  }

  /** As {@code left.fullOuterJoin(right)}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<Optional<V>, Optional<W>>> fullOuterJoin(JavaPairRDD<K, V> left,
      JavaPairRDD<K, W> right) {
    return fullOuterJoin(left, right, defaultPartitioner(left, right), Options.defaults());
  }

  /** As {@code left.fullOuterJoin(right, numPartitions)}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<Optional<V>, Optional<W>>> fullOuterJoin(JavaPairRDD<K, V> left,
      JavaPairRDD<K, W> right, int numPartitions) {
    return fullOuterJoin(left, right, new HashPartitioner(numPartitions), Options.defaults());
  }

  /** As {@code left.fullOuterJoin(right, partitioner)}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<Optional<V>, Optional<W>>> fullOuterJoin(JavaPairRDD<K, V> left,
      JavaPairRDD<K, W> right, Partitioner partitioner) {
    return fullOuterJoin(left, right, partitioner, Options.defaults());
  }

  /** As {@code left.fullOuterJoin(right)}, with {@code options}. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<Optional<V>, Optional<W>>> fullOuterJoin(JavaPairRDD<K, V> left,
      JavaPairRDD<K, W> right, Options options) {
    return fullOuterJoin(left, right, defaultPartitioner(left, right), options);
  }

  /** The full outer join: every row of both sides, matched where keys are equal, else with an empty side. */
  public static <K, V, W> JavaPairRDD<K, Tuple2<Optional<V>, Optional<W>>> fullOuterJoin(JavaPairRDD<K, V> left,
      JavaPairRDD<K, W> right, Partitioner partitioner, Options options) {
    return SkewJoinRunner.run(left, right, partitioner, options, JoinType.FULL_OUTER, PairShape.<V, W>fullOuter())
        .mapValues(t -> new Tuple2<>(optional(t._1()), optional(t._2())));
  }

  // ---- Scala API: RDD[(K, V)] in, RDD out, scala.Option for outer sides (as PairRDDFunctions) ----

  /** As {@code left.join(right)} on {@code RDD[(K, V)]}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<V, W>>> join(RDD<Tuple2<K, V>> left, RDD<Tuple2<K, W>> right) {
    return join(left, right, defaultPartitioner(java(left), java(right)), Options.defaults());
  }

  /** As {@code left.join(right, numPartitions)}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<V, W>>> join(RDD<Tuple2<K, V>> left, RDD<Tuple2<K, W>> right,
      int numPartitions) {
    return join(left, right, new HashPartitioner(numPartitions), Options.defaults());
  }

  /** As {@code left.join(right, partitioner)}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<V, W>>> join(RDD<Tuple2<K, V>> left, RDD<Tuple2<K, W>> right,
      Partitioner partitioner) {
    return join(left, right, partitioner, Options.defaults());
  }

  /** As {@code left.join(right)}, with {@code options}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<V, W>>> join(RDD<Tuple2<K, V>> left, RDD<Tuple2<K, W>> right,
      Options options) {
    return join(left, right, defaultPartitioner(java(left), java(right)), options);
  }

  /** The inner join; see the Java form. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<V, W>>> join(RDD<Tuple2<K, V>> left, RDD<Tuple2<K, W>> right,
      Partitioner partitioner, Options options) {
    return SkewJoinRunner.run(java(left), java(right), partitioner, options, JoinType.INNER, PairShape.<V, W>inner())
        .rdd();
  }

  /** As {@code left.leftOuterJoin(right)} on {@code RDD[(K, V)]}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<V, Option<W>>>> leftOuterJoin(RDD<Tuple2<K, V>> left,
      RDD<Tuple2<K, W>> right) {
    return leftOuterJoin(left, right, defaultPartitioner(java(left), java(right)), Options.defaults());
  }

  /** As {@code left.leftOuterJoin(right, numPartitions)}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<V, Option<W>>>> leftOuterJoin(RDD<Tuple2<K, V>> left,
      RDD<Tuple2<K, W>> right, int numPartitions) {
    return leftOuterJoin(left, right, new HashPartitioner(numPartitions), Options.defaults());
  }

  /** As {@code left.leftOuterJoin(right, partitioner)}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<V, Option<W>>>> leftOuterJoin(RDD<Tuple2<K, V>> left,
      RDD<Tuple2<K, W>> right, Partitioner partitioner) {
    return leftOuterJoin(left, right, partitioner, Options.defaults());
  }

  /** As {@code left.leftOuterJoin(right)}, with {@code options}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<V, Option<W>>>> leftOuterJoin(RDD<Tuple2<K, V>> left,
      RDD<Tuple2<K, W>> right, Options options) {
    return leftOuterJoin(left, right, defaultPartitioner(java(left), java(right)), options);
  }

  /** The left outer join; see the Java form. A matched null right value is {@code Some(null)}, as in Spark. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<V, Option<W>>>> leftOuterJoin(RDD<Tuple2<K, V>> left,
      RDD<Tuple2<K, W>> right, Partitioner partitioner, Options options) {
    return SkewJoinRunner.run(java(left), java(right), partitioner, options, JoinType.LEFT_OUTER,
        PairShape.<V, W>leftOuter()).rdd();
  }

  /** As {@code left.rightOuterJoin(right)} on {@code RDD[(K, V)]}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<Option<V>, W>>> rightOuterJoin(RDD<Tuple2<K, V>> left,
      RDD<Tuple2<K, W>> right) {
    return rightOuterJoin(left, right, defaultPartitioner(java(left), java(right)), Options.defaults());
  }

  /** As {@code left.rightOuterJoin(right, numPartitions)}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<Option<V>, W>>> rightOuterJoin(RDD<Tuple2<K, V>> left,
      RDD<Tuple2<K, W>> right, int numPartitions) {
    return rightOuterJoin(left, right, new HashPartitioner(numPartitions), Options.defaults());
  }

  /** As {@code left.rightOuterJoin(right, partitioner)}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<Option<V>, W>>> rightOuterJoin(RDD<Tuple2<K, V>> left,
      RDD<Tuple2<K, W>> right, Partitioner partitioner) {
    return rightOuterJoin(left, right, partitioner, Options.defaults());
  }

  /** As {@code left.rightOuterJoin(right)}, with {@code options}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<Option<V>, W>>> rightOuterJoin(RDD<Tuple2<K, V>> left,
      RDD<Tuple2<K, W>> right, Options options) {
    return rightOuterJoin(left, right, defaultPartitioner(java(left), java(right)), options);
  }

  /** The right outer join; see the Java form. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<Option<V>, W>>> rightOuterJoin(RDD<Tuple2<K, V>> left,
      RDD<Tuple2<K, W>> right, Partitioner partitioner, Options options) {
    return SkewJoinRunner.run(java(left), java(right), partitioner, options, JoinType.RIGHT_OUTER,
        PairShape.<V, W>rightOuter()).rdd();
  }

  /** As {@code left.fullOuterJoin(right)} on {@code RDD[(K, V)]}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<Option<V>, Option<W>>>> fullOuterJoin(RDD<Tuple2<K, V>> left,
      RDD<Tuple2<K, W>> right) {
    return fullOuterJoin(left, right, defaultPartitioner(java(left), java(right)), Options.defaults());
  }

  /** As {@code left.fullOuterJoin(right, numPartitions)}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<Option<V>, Option<W>>>> fullOuterJoin(RDD<Tuple2<K, V>> left,
      RDD<Tuple2<K, W>> right, int numPartitions) {
    return fullOuterJoin(left, right, new HashPartitioner(numPartitions), Options.defaults());
  }

  /** As {@code left.fullOuterJoin(right, partitioner)}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<Option<V>, Option<W>>>> fullOuterJoin(RDD<Tuple2<K, V>> left,
      RDD<Tuple2<K, W>> right, Partitioner partitioner) {
    return fullOuterJoin(left, right, partitioner, Options.defaults());
  }

  /** As {@code left.fullOuterJoin(right)}, with {@code options}. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<Option<V>, Option<W>>>> fullOuterJoin(RDD<Tuple2<K, V>> left,
      RDD<Tuple2<K, W>> right, Options options) {
    return fullOuterJoin(left, right, defaultPartitioner(java(left), java(right)), options);
  }

  /** The full outer join; see the Java form. */
  public static <K, V, W> RDD<Tuple2<K, Tuple2<Option<V>, Option<W>>>> fullOuterJoin(RDD<Tuple2<K, V>> left,
      RDD<Tuple2<K, W>> right, Partitioner partitioner, Options options) {
    return SkewJoinRunner.run(java(left), java(right), partitioner, options, JoinType.FULL_OUTER,
        PairShape.<V, W>fullOuter()).rdd();
  }

  // ---- helpers ----

  /** Spark's choice for {@code left.join(right)}: an input's partitioner, or a hash partitioner of the larger. */
  static Partitioner defaultPartitioner(JavaPairRDD<?, ?> left, JavaPairRDD<?, ?> right) {
    List<RDD<?>> others = List.of(right.rdd());
    return Partitioner.defaultPartitioner(left.rdd(), scala.jdk.javaapi.CollectionConverters.asScala(others).toSeq());
  }

  /** Spark's {@code JavaUtils.optionToOptional}: {@code Some(null)} fails, as in Spark's Java joins. */
  private static <T> Optional<T> optional(Option<T> option) {
    return option.isDefined() ? Optional.of(option.get()) : Optional.empty();
  }

  @SuppressWarnings("unchecked")
  private static <K, V> JavaPairRDD<K, V> java(RDD<Tuple2<K, V>> rdd) {
    ClassTag<Object> any = SkewJoinRunner.anyTag();
    return JavaPairRDD.fromRDD(rdd, (ClassTag<K>) (ClassTag<?>) any, (ClassTag<V>) (ClassTag<?>) any);
  }

  /**
   * How a skew-safe join samples and splits. Immutable; each {@code with…} returns a copy and rejects a bad value
   * at once. Unset sizes are derived from the application's conf when the join is called:
   * <ul>
   *   <li>bucket target = {@link #withBucketHeapRatio bucket heap ratio} (default {@value #DEFAULT_BUCKET_HEAP_RATIO})
   *       × {@code spark.executor.memory} / {@code spark.executor.cores}: one bucket is buffered whole by one task,
   *       next to whatever else that task and the other task slots of its executor hold;</li>
   *   <li>hot threshold = the bucket target: a key that fits one bucket is not worth splitting.</li>
   * </ul>
   */
  public static final class Options {

    /** Default share of each side's rows sampled. */
    public static final double DEFAULT_SAMPLE_FRACTION = 0.01;

    /** Default share of one task slot's heap ({@code executor memory / cores}) that one bucket may take. */
    public static final double DEFAULT_BUCKET_HEAP_RATIO = 0.05;

    /** Default cap of buckets per key: bounds how often the other side's rows of a key are copied. */
    public static final int DEFAULT_MAX_BUCKETS_PER_KEY = 1000;

    /** Default sampling seed: a fixed one, so the same inputs give the same plan and the same log line. */
    public static final long DEFAULT_SEED = 0x5ca1ab1eL;

    private static final Options DEFAULTS = new Options(new OptionValues(DEFAULT_SAMPLE_FRACTION,
        DEFAULT_BUCKET_HEAP_RATIO, 0, 0, DEFAULT_MAX_BUCKETS_PER_KEY, DEFAULT_SEED));

    private final OptionValues values;

    private Options(OptionValues values) {
      this.values = values;
    }

    public static Options defaults() {
      return DEFAULTS;
    }

    /** Share of each side's rows sampled, in (0, 1]; 1 estimates from every row. */
    public Options withSampleFraction(double fraction) {
      return new Options(values.withSampleFraction(fraction));
    }

    /** Share of one task slot's heap one bucket may take, in (0, 1]; ignored once {@link #withBucketBytes} is set. */
    public Options withBucketHeapRatio(double ratio) {
      return new Options(values.withBucketHeapRatio(ratio));
    }

    /** Target estimated bytes of one bucket, overriding the heap-derived one. */
    public Options withBucketBytes(long bytes) {
      return new Options(values.withBucketBytes(bytes));
    }

    /** Estimated bytes above which a key is hot on a side, overriding the default (the bucket target). */
    public Options withHotThresholdBytes(long bytes) {
      return new Options(values.withHotThresholdBytes(bytes));
    }

    /** Most buckets one key is split into, at least 2. */
    public Options withMaxBucketsPerKey(int buckets) {
      return new Options(values.withMaxBucketsPerKey(buckets));
    }

    /** Sampling seed (the right side is sampled with {@code seed + 1}). */
    public Options withSeed(long newSeed) {
      return new Options(values.withSeed(newSeed));
    }

    /** Every size resolved against {@code conf} (see the class documentation). */
    Settings resolve(SparkConf conf) {
      return values.resolve(conf);
    }

    @Override
    public String toString() {
      return "SkewJoin." + values;
    }
  }
}

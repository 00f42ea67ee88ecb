package io.spillway.it.cases;

import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * S9 — k-means iterations over a cached RDD of points (seed 20: "OutOfMemoryError with basic kmeans",
 * the non-MLlib k-means of Spark's examples).
 *
 * <p>Shape: {@code points} is an RDD of {@code double[dimensions]} generated on executors and
 * {@code cache()}d (MEMORY_ONLY, as in the example); each of {@code iterations} rounds keys every point by
 * its nearest center, {@code groupByKey}s the points of each center and averages each group into the new
 * center ({@code collectAsMap}) — the naive update step of a hand-written "basic" k-means. Why not
 * {@code reduceByKey}: a (vector sum, count) per center needs a few KiB per task and cannot fail (an earlier
 * version of this case did that and stock Spark passed at 512 MiB, GC 12%); the grouped form makes one
 * reducer hold all N/k points of a cluster at once, which is what dies when k is small next to N. Point
 * {@code g} belongs to true cluster {@code below(hash(g), clusters)} and is its centre plus uniform noise in
 * [-1, 1) per dimension; the initial centers are points 0..k-1.
 *
 * <p>Answer: the point count per cluster in the last round and a weighted sum of the final centers'
 * coordinates rendered to 9 significant digits (summation order differs between Spark and the driver by
 * about 1e-15 relative; a point's assignment would only differ if it lay that close to a boundary). The
 * driver runs the same Lloyd iterations with plain arrays, regenerating each point from its index.
 *
 * <p>Calibration (stock Spark 4.1.3, {@code spark.task.maxFailures=2}, default parameters: 6 M points ×
 * 16 dimensions, k = 4 (1.5 M points, ~216 MiB of {@code double[16]}s, per cluster group), 4 partitions,
 * 3 rounds; single runs on a 2-core machine shared with other engineers' Spark jobs, times noisy):
 * <ul>
 *   <li>512 MiB executors: <b>fails</b> — round 1's reducer dies with "OutOfMemoryError: Java heap space" in
 *       {@code CompactBuffer.growToSize} while {@code ExternalAppendOnlyMap} merges a cluster's spilled
 *       groups; job aborted after 67 s; GC 6% of task time (a repeat: 61 s, GC 10%, an executor exited
 *       with code 52).</li>
 *   <li>4 GiB executors: ok, correct answer, 91 s, GC 9%.</li>
 *   <li>Earlier shape ({@code reduceByKey} update, 4 M points, k = 8, 5 rounds): stock 512 MiB ok in 89 s,
 *       GC 12%; 4 GiB ok in 57 s.</li>
 * </ul>
 */
public final class S9KMeansCachedIterations implements OomCase {

  /** Coordinates per point. */
  public static final String DIMENSIONS = "dimensions";

  /** Number of centers, k. */
  public static final String CLUSTERS = "clusters";

  /** Lloyd rounds. */
  public static final String ITERATIONS = "iterations";

  /** True cluster centres lie in [0, SPREAD) per dimension; noise is [-1, 1). */
  static final double SPREAD = 10.0;

  private static final long SALT_CLUSTER = 0x5909L;
  private static final long SALT_CENTRE = 0x5919L;
  private static final long SALT_NOISE = 0x5929L;

  @Override
  public String id() {
    return "S9";
  }

  @Override
  public String title() {
    return "basic k-means (groupByKey update step) over a cached RDD of double[] points";
  }

  @Override
  public String seedCases() {
    return "20";
  }

  @Override
  public CaseParams defaults() {
    return CaseParams.of(6_000_000, 0.0, 4).with(DIMENSIONS, 16).with(CLUSTERS, 4).with(ITERATIONS, 3);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    long records = params.records();
    int partitions = params.partitions();
    int dims = Math.toIntExact(params.extra(DIMENSIONS));
    int k = Math.toIntExact(params.extra(CLUSTERS));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<double[]> points = UtilSplit.partitionIds(jsc, partitions)
        .flatMap(p -> UtilValueIterator.ofPartition(records, partitions, p, g -> point(g, dims, k)))
        .cache();
    double[][] centers = initialCenters(dims, k);
    long[] counts = new long[k];
    for (long i = 0; i < params.extra(ITERATIONS); i++) {
      double[][] current = centers;
      Map<Integer, Tuple2<double[], Long>> means = points
          .mapToPair(pt -> new Tuple2<>(closest(pt, current), pt))
          .groupByKey(partitions)
          .mapValues(S9KMeansCachedIterations::meanAndCount)
          .collectAsMap();
      double[][] next = new double[k][];
      for (int j = 0; j < k; j++) {
        Tuple2<double[], Long> m = means.get(j);
        counts[j] = m == null ? 0 : m._2();
        next[j] = m == null ? current[j] : m._1();
      }
      centers = next;
    }
    return new CaseResult(expected(params), render(counts, centers));
  }

  /** Lloyd's iterations on the driver, one point buffer reused, O(k × dimensions) memory. */
  static String expected(CaseParams params) {
    int dims = Math.toIntExact(params.extra(DIMENSIONS));
    int k = Math.toIntExact(params.extra(CLUSTERS));
    double[][] centers = initialCenters(dims, k);
    long[] counts = new long[k];
    double[] pt = new double[dims];
    for (long i = 0; i < params.extra(ITERATIONS); i++) {
      double[][] sums = new double[k][dims];
      java.util.Arrays.fill(counts, 0);
      for (long g = 0; g < params.records(); g++) {
        pointInto(g, k, pt);
        int j = closest(pt, centers);
        counts[j]++;
        for (int d = 0; d < dims; d++) {
          sums[j][d] += pt[d];
        }
      }
      for (int j = 0; j < k; j++) {
        if (counts[j] > 0) {
          centers[j] = scaled(sums[j], 1.0 / counts[j]);
        }
      }
    }
    return render(counts, centers);
  }

  static double[] point(long g, int dims, int k) {
    double[] pt = new double[dims];
    pointInto(g, k, pt);
    return pt;
  }

  static void pointInto(long g, int k, double[] pt) {
    long cluster = UtilHash.below(UtilHash.hash(g, SALT_CLUSTER), k);
    for (int d = 0; d < pt.length; d++) {
      double centre = SPREAD * UtilHash.unit(UtilHash.hash(cluster, SALT_CENTRE + d));
      double noise = 2 * UtilHash.unit(UtilHash.hash(g, SALT_NOISE + d)) - 1;
      pt[d] = centre + noise;
    }
  }

  static double[][] initialCenters(int dims, int k) {
    double[][] c = new double[k][];
    for (int j = 0; j < k; j++) {
      c[j] = point(j, dims, k);
    }
    return c;
  }

  /** The nearest center by squared Euclidean distance; ties go to the lower index. */
  static int closest(double[] pt, double[][] centers) {
    int best = 0;
    double bestDist = Double.POSITIVE_INFINITY;
    for (int j = 0; j < centers.length; j++) {
      double dist = 0;
      for (int d = 0; d < pt.length; d++) {
        double x = pt[d] - centers[j][d];
        dist += x * x;
      }
      if (dist < bestDist) {
        bestDist = dist;
        best = j;
      }
    }
    return best;
  }

  /**
   * The average of a cluster's points and their number, as the seed's "basic" k-means computes it from the
   * grouped points: summed in the group's order, then scaled by 1/count like the driver's reference.
   */
  static Tuple2<double[], Long> meanAndCount(Iterable<double[]> group) {
    double[] sum = null;
    long count = 0;
    for (double[] pt : group) {
      if (sum == null) {
        sum = new double[pt.length];
      }
      for (int d = 0; d < pt.length; d++) {
        sum[d] += pt[d];
      }
      count++;
    }
    return new Tuple2<>(scaled(sum, 1.0 / count), count);
  }

  private static double[] scaled(double[] a, double f) {
    double[] out = new double[a.length];
    for (int d = 0; d < a.length; d++) {
      out[d] = a[d] * f;
    }
    return out;
  }

  static String render(long[] counts, double[][] centers) {
    double weighted = 0;
    for (int j = 0; j < centers.length; j++) {
      for (int d = 0; d < centers[j].length; d++) {
        weighted += centers[j][d] * (1 + j * centers[j].length + d);
      }
    }
    return "counts=" + java.util.Arrays.toString(counts)
        + " centers=" + String.format(Locale.ROOT, "%.8e", weighted);
  }
}

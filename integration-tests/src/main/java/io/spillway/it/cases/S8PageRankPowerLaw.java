package io.spillway.it.cases;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * S8 — iterative PageRank on a generated power-law graph (seed 18, 22, 36: the Bagel/GraphX PageRank
 * examples dying on real web and social graphs).
 *
 * <p>Shape: the classic RDD PageRank of Spark's examples — {@code links = edges.groupByKey().cache()},
 * {@code ranks = links.mapValues(1.0)}, then {@code iterations} rounds of
 * {@code links.join(ranks)} → contributions {@code rank / outDegree} → {@code reduceByKey(+)} →
 * {@code 0.15 + 0.85 * sum}. Edge {@code g}: with probability {@code skew} its source is the hub vertex 0
 * (a crawler page or bot account linking to everything), otherwise a {@link UtilPowerLaw} id among the
 * other vertices; its target
 * is always a power-law id. Multi-edges are kept (no {@code distinct}), on both sides of the comparison.
 * What fails is the hub's adjacency list: {@code groupByKey} builds it as one {@code CompactBuffer} of boxed
 * {@code Integer}s (about 20 bytes per link) in one reduce task, and no spill can split a single key's
 * group (seed knowledge 11: "the one massive key can be too big for a single machine"). The hub's share is
 * high (95%) only because the other edges cost time and not memory on this 2-core machine; what is sized
 * against the 512 MiB heap is the hub's out-degree.
 *
 * <p>Answer: how many vertices have a rank, the sum of ranks and the ten highest (id and rank). Ranks are
 * doubles summed in an order Spark does not fix, so they are rendered to 9 and 8 significant digits: the
 * job's summation-order error (about 1e-13 relative) can only flip a rendered digit when a value lies
 * within that distance of a rounding boundary. The driver computes the same PageRank with plain arrays
 * over {@code vertices}, regenerating edges from the hash each round.
 *
 * <p>Calibration (stock Spark 4.1.3, {@code spark.task.maxFailures=2}, default parameters: 24 M edges, 95%
 * from the hub (22.8 M out-links in one group: ~435 MiB of boxed {@code Integer}s and the buffer's array),
 * 1 M vertex ids, 8 partitions, 3 rounds; single runs on a 2-core machine shared with other engineers' Spark
 * jobs, times noisy):
 * <ul>
 *   <li>512 MiB executors: <b>fails</b> — "OutOfMemoryError: Java heap space" in
 *       {@code CompactBuffer.growToSize} under {@code ExternalAppendOnlyMap.insertAll} (the hub's group);
 *       executors exit with code 52, the lost map outputs bring FetchFailed retries of the stage, job
 *       aborted after 101 s; GC 46% of task time.</li>
 *   <li>4 GiB executors: ok, correct answer, 152 s, GC 7%.</li>
 *   <li>Smaller hubs that stock Spark survived at 512 MiB: 4 M edges, 50% hub, 5 rounds: ok, 141 s, GC 9%
 *       (4 GiB: 125 s); 8 M edges, 95% hub (7.6 M links), 3 rounds: ok, 86 s, GC 11%; 16 M edges, 95% hub
 *       (15.2 M links), 3 rounds: ok, 117 s, GC 9%. A 10 M-edge, 5-round sizing ran 573 s at 512 MiB and
 *       319 s at 4 GiB, over the time budget.</li>
 * </ul>
 */
public final class S8PageRankPowerLaw implements OomCase {

  /** Number of vertex ids; edges' endpoints are drawn from [0, vertices). */
  public static final String VERTICES = "vertices";

  /** PageRank rounds. */
  public static final String ITERATIONS = "iterations";

  /** The vertex that gets the {@code skew} share of all edges as their source. */
  static final int HUB = 0;

  /** How many top vertices the answer lists. */
  static final int TOP = 10;

  /** PageRank's damping factor and teleport term, as in Spark's SparkPageRank example. */
  static final double DAMPING = 0.85;

  private static final long SALT_HUB = 0x5808L;
  private static final long SALT_SRC = 0x5818L;
  private static final long SALT_DST = 0x5828L;

  @Override
  public String id() {
    return "S8";
  }

  @Override
  public String title() {
    return "iterative RDD PageRank on a power-law graph with a hub vertex";
  }

  @Override
  public String seedCases() {
    return "18, 22, 36";
  }

  @Override
  public CaseParams defaults() {
    return new CaseParams(24_000_000, 0.95, 8, java.util.Map.of()).with(VERTICES, 1_000_000).with(ITERATIONS, 3);
  }

  @Override
  public CaseResult run(SparkSession spark, CaseParams params) {
    long records = params.records();
    int partitions = params.partitions();
    double skew = params.skew();
    int n = vertices(params);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaPairRDD<Integer, Iterable<Integer>> links = UtilSplit.partitionIds(jsc, partitions)
        .flatMapToPair(p -> UtilValueIterator.ofPartition(records, partitions, p,
            g -> new Tuple2<>(source(g, skew, n), target(g, n))))
        .groupByKey(partitions)
        .cache();
    JavaPairRDD<Integer, Double> ranks = links.mapValues(targets -> 1.0);
    for (long i = 0; i < params.extra(ITERATIONS); i++) {
      ranks = links.join(ranks).values()
          .flatMapToPair(t -> contributions(t._1(), t._2()))
          .reduceByKey(Double::sum, partitions)
          .mapValues(sum -> (1 - DAMPING) + DAMPING * sum);
    }
    List<Summary> parts = ranks.mapPartitions(it -> {
      Summary s = new Summary();
      it.forEachRemaining(r -> s.add(r._1(), r._2()));
      return List.of(s).iterator();
    }).collect();
    Summary all = new Summary();
    parts.forEach(all::merge);
    return new CaseResult(expected(params), all.render());
  }

  /** PageRank on the driver: plain arrays over the vertex ids, edges regenerated each round. */
  static String expected(CaseParams params) {
    int n = vertices(params);
    long records = params.records();
    double skew = params.skew();
    int[] outDegree = new int[n];
    for (long g = 0; g < records; g++) {
      outDegree[source(g, skew, n)]++;
    }
    double[] rank = new double[n];
    boolean[] ranked = new boolean[n];
    for (int v = 0; v < n; v++) {
      ranked[v] = outDegree[v] > 0;
      rank[v] = ranked[v] ? 1.0 : 0.0;
    }
    double[] sum = new double[n];
    boolean[] reached = new boolean[n];
    for (long i = 0; i < params.extra(ITERATIONS); i++) {
      java.util.Arrays.fill(sum, 0.0);
      java.util.Arrays.fill(reached, false);
      for (long g = 0; g < records; g++) {
        int s = source(g, skew, n);
        if (ranked[s]) {
          int d = target(g, n);
          sum[d] += rank[s] / outDegree[s];
          reached[d] = true;
        }
      }
      for (int v = 0; v < n; v++) {
        ranked[v] = reached[v];
        rank[v] = reached[v] ? (1 - DAMPING) + DAMPING * sum[v] : 0.0;
      }
    }
    Summary s = new Summary();
    for (int v = 0; v < n; v++) {
      if (ranked[v]) {
        s.add(v, rank[v]);
      }
    }
    return s.render();
  }

  /**
   * Edge {@code g}'s source: the hub with probability {@code skew}, else a power-law id among the other
   * vertices, so that the hub's share of edges is exactly the {@code skew} draw.
   */
  static int source(long g, double skew, int n) {
    return UtilHash.unit(UtilHash.hash(g, SALT_HUB)) < skew
        ? HUB
        : HUB + 1 + UtilPowerLaw.index(UtilHash.hash(g, SALT_SRC), n - 1);
  }

  /** Edge {@code g}'s target, a power-law id. */
  static int target(long g, int n) {
    return UtilPowerLaw.index(UtilHash.hash(g, SALT_DST), n);
  }

  static int vertices(CaseParams params) {
    return Math.toIntExact(params.extra(VERTICES));
  }

  /** A source's rank shared among its targets, produced lazily (the hub has millions). */
  private static Iterator<Tuple2<Integer, Double>> contributions(Iterable<Integer> targets, double rank) {
    long size = 0;
    for (Integer ignored : targets) {
      size++;
    }
    double share = rank / size;
    Iterator<Integer> it = targets.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Tuple2<Integer, Double> next() {
        return new Tuple2<>(it.next(), share);
      }
    };
  }

  /**
   * Count, sum and top ranks of some vertices; mergeable, so each partition sends one back.
   * Ties in rank are broken by the smaller id so the top list is deterministic.
   */
  static final class Summary implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** Higher rank first, then the smaller id. */
    private static final Comparator<Tuple2<Integer, Double>> ORDER =
        Comparator.<Tuple2<Integer, Double>>comparingDouble(Tuple2::_2).reversed().thenComparing(Tuple2::_1);

    long count;
    double sum;
    final List<Tuple2<Integer, Double>> top = new ArrayList<>();

    void add(int vertex, double rank) {
      count++;
      sum += rank;
      offer(vertex, rank);
    }

    void merge(Summary other) {
      count += other.count;
      sum += other.sum;
      other.top.forEach(t -> offer(t._1(), t._2()));
    }

    private void offer(int vertex, double rank) {
      Tuple2<Integer, Double> t = new Tuple2<>(vertex, rank);
      if (top.size() == TOP && ORDER.compare(t, top.get(TOP - 1)) >= 0) {
        return;
      }
      top.add(t);
      top.sort(ORDER);
      if (top.size() > TOP) {
        top.remove(top.size() - 1);
      }
    }

    String render() {
      StringBuilder b = new StringBuilder()
          .append("ranked=").append(count)
          .append(" sum=").append(String.format(Locale.ROOT, "%.8e", sum))
          .append(" top=");
      for (int i = 0; i < top.size(); i++) {
        b.append(i == 0 ? "" : ",").append(top.get(i)._1()).append(':')
            .append(String.format(Locale.ROOT, "%.7e", top.get(i)._2()));
      }
      return b.toString();
    }
  }
}

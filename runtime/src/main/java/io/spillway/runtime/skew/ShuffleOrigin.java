package io.spillway.runtime.skew;

import java.util.Objects;

/**
 * What a shuffle is for, as the driver saw it when the shuffle was registered: the report names the
 * remedy that fits (a skew-safe join for a cogroup, AQE for SQL, nothing to do for a map-side-combined
 * aggregation whose hot key is already one record per map task).
 *
 * @param kind the operation reading the shuffle
 * @param callSite where the user's code asked for it (Spark's short call site), may be empty
 */
public record ShuffleOrigin(Kind kind, String callSite) {

  public ShuffleOrigin {
    Objects.requireNonNull(kind, "kind");
    callSite = callSite == null ? "" : callSite;
  }

  /** An origin nobody registered (a shuffle written before the manager saw it, or on another driver). */
  public static final ShuffleOrigin UNKNOWN = new ShuffleOrigin(Kind.OTHER, "");

  /** The operations a report distinguishes. */
  public enum Kind {
    /** {@code cogroup} and the RDD joins built on it: every value of a key on both sides is buffered. */
    COGROUP("cogroup/join", "a hot key here is buffered whole on both sides of the join: use "
        + "io.spillway.skew.SkewJoin (join, leftOuterJoin, rightOuterJoin, fullOuterJoin) to salt it"),
    /**
     * A {@code cogroup} or RDD join computed by Spillway's cogroup (its executors' {@code CoGroupedRDD.compute}
     * asks Spillway first): a hot key's values stream to disk, but one task still does the whole key.
     */
    COGROUP_STREAMED("cogroup/join", "Spillway's cogroup wrote each side's values of a key past "
        + "spark.spillway.shuffle.groupSpillHeapRatio of the heap to local disk and reads them back lazily, so the join "
        + "finishes; one task still processes the whole key: io.spillway.skew.SkewJoin salts it over several"),
    /** {@code groupByKey}-style: an aggregator without map-side combine. */
    GROUP("groupByKey", "Spillway's reader streams groups larger than spark.spillway.shuffle.groupSpillHeapRatio "
        + "of the heap to local disk"),
    /** An aggregation with map-side combine ({@code reduceByKey}, {@code aggregateByKey}). */
    AGGREGATE("aggregation with map-side combine", "each map task sends one combined record per key; the "
        + "combiner itself must stay small (a growing Set or List per key is a groupByKey in disguise)"),
    /** A sort by key ({@code sortByKey}, {@code repartitionAndSortWithinPartitions}). */
    SORT("sort", "a range partitioner cannot split one key: all its records go to one reducer, which sorts "
        + "them with spills"),
    /** A Spark SQL exchange. */
    SQL("SQL exchange", "with spark.sql.adaptive.enabled and spark.sql.adaptive.skewJoin.enabled AQE splits "
        + "skewed join partitions; aggregations combine map-side"),
    /** Anything else (repartition, partitionBy, custom dependencies). */
    OTHER("shuffle", "");

    private final String label;
    private final String remedy;

    Kind(String label, String remedy) {
      this.label = label;
      this.remedy = remedy;
    }

    /** A short name for logs and reports. */
    public String label() {
      return label;
    }

    /** What to do about a hot key under this operation, empty if nothing specific. */
    public String remedy() {
      return remedy;
    }
  }
}

package io.spillway.shuffle.hotkeys;

import io.spillway.runtime.skew.ShuffleOrigin;
import org.apache.spark.ShuffleDependency;

/**
 * Tells, on the driver when a shuffle is registered, which operation will read it — so a hot key's report
 * can name the remedy that fits.
 *
 * <p>How: the dependency says whether there is an aggregator, map-side combine or key ordering; a
 * {@code cogroup} (and every RDD join) builds its dependencies without any of those from inside
 * {@code CoGroupedRDD.getDependencies}, and a SQL exchange from {@code ShuffleExchangeExec}, which the
 * registering thread's stack shows. Registration happens once per shuffle, so walking the stack is cheap.
 */
public final class ShuffleOriginClassifier {

  private ShuffleOriginClassifier() {}

  /**
   * The origin of {@code dependency}, registered from the current thread.
   *
   * @param coGroupStreams whether executors compute {@code CoGroupedRDD}s with Spillway's cogroup
   *     ({@code spark.spillway.shuffle.cogroup.enabled}), which changes what a hot key there costs
   */
  public static ShuffleOrigin classify(ShuffleDependency<?, ?, ?> dependency, String callSite, boolean coGroupStreams) {
    return new ShuffleOrigin(kind(dependency, Thread.currentThread().getStackTrace(), coGroupStreams), callSite);
  }

  static ShuffleOrigin.Kind kind(ShuffleDependency<?, ?, ?> dependency, StackTraceElement[] stack, boolean coGroupStreams) {
    for (StackTraceElement frame : stack) {
      String cls = frame.getClassName();
      if (cls.startsWith("org.apache.spark.rdd.CoGroupedRDD")) {
        return coGroupStreams ? ShuffleOrigin.Kind.COGROUP_STREAMED : ShuffleOrigin.Kind.COGROUP;
      }
      if (cls.startsWith("org.apache.spark.rdd.SubtractedRDD")) {
        return ShuffleOrigin.Kind.COGROUP;
      }
      if (cls.startsWith("org.apache.spark.sql.execution.exchange.ShuffleExchangeExec")) {
        return ShuffleOrigin.Kind.SQL;
      }
    }
    if (dependency.aggregator().isDefined()) {
      return dependency.mapSideCombine() ? ShuffleOrigin.Kind.AGGREGATE : ShuffleOrigin.Kind.GROUP;
    }
    if (dependency.keyOrdering().isDefined()) {
      return ShuffleOrigin.Kind.SORT;
    }
    return ShuffleOrigin.Kind.OTHER;
  }
}

package io.spillway.shuffle.cogroup.hook;

import java.util.function.Function;

/**
 * The one class Spark's rewritten {@code CoGroupedRDD.compute} calls: it lives in the bootstrap class loader
 * (the agent appends a jar holding only this class), so Spark's classes, whatever loader defined them, resolve
 * the same copy, and Spillway's own classes, wherever they were loaded from (executor class path or
 * {@code --jars}), reach it by name.
 *
 * <p>It names only {@code java.*} types for that reason: the handler is a plain {@link Function}, installed
 * reflectively by the shuffle manager. With no handler, or when the handler declines (returns {@code null}),
 * {@code compute} runs Spark's own code unchanged.
 */
public final class CoGroupHook {

  /** Given {@code {rdd, partition, taskContext}}; returns the partition's iterator, or null to run Spark's code. */
  public static volatile Function<Object[], Object> handler;

  private CoGroupHook() {}

  /** Called first thing in {@code CoGroupedRDD.compute}; null means: go on with Spark's code. */
  public static Object compute(Object rdd, Object partition, Object taskContext) {
    Function<Object[], Object> h = handler;
    return h == null ? null : h.apply(new Object[] {rdd, partition, taskContext});
  }
}

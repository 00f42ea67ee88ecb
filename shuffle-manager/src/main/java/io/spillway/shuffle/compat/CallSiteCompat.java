package io.spillway.shuffle.compat;

import org.apache.spark.SparkContext;

/**
 * The user call site Spark shows for the job being built ({@code SparkContext.getCallSite}, {@code private[spark]},
 * and {@code CallSite.shortForm}; same on 4.0.4, 4.1.3 and 4.2.0): what a skew report names the operation by.
 */
public final class CallSiteCompat {

  private CallSiteCompat() {}

  /** The short form of {@code sc}'s current call site ({@code "groupByKey at Job.scala:42"}). */
  public static String shortForm(SparkContext sc) {
    return sc.getCallSite().shortForm();
  }
}

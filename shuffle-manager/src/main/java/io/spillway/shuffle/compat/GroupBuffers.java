package io.spillway.shuffle.compat;

import org.apache.spark.util.collection.CompactBuffer;
import scala.collection.Seq;
import scala.reflect.ClassTag$;

/**
 * Spark's group buffer, {@code CompactBuffer} ({@code private[spark]}): what {@code groupByKey}'s combiner builds
 * and what {@code CoGroupedRDD} hands to user code. Spillway's grouping keeps small groups in the same buffers
 * so their user-visible type stays Spark's; everything outside this seam sees them as {@code scala.collection.Seq}
 * (which {@code CompactBuffer} is). Constructor, {@code +=} and {@code ++=} are the same on 4.0.4, 4.1.3 and 4.2.0.
 */
public final class GroupBuffers {

  private GroupBuffers() {}

  /** A new, empty group buffer (element type {@code Any}, as Spark's groupByKey makes them). */
  public static Seq<Object> empty() {
    return new CompactBuffer<>(ClassTag$.MODULE$.Any());
  }

  /** Whether {@code combiner} is one of Spark's group buffers (the combiner of a groupByKey-style read). */
  public static boolean isGroupBuffer(Object combiner) {
    return combiner instanceof CompactBuffer;
  }

  /** Appends {@code value} to {@code buffer}, a buffer made by {@link #empty()}. */
  @SuppressWarnings("unchecked")
  public static void append(Seq<Object> buffer, Object value) {
    ((CompactBuffer<Object>) buffer).$plus$eq(value);
  }

  /** Appends every value of {@code from} to {@code buffer}, both made by {@link #empty()}. */
  @SuppressWarnings("unchecked")
  public static void appendAll(Seq<Object> buffer, Seq<Object> from) {
    ((CompactBuffer<Object>) buffer).$plus$plus$eq(from);
  }
}

package io.spillway.shuffle.tiered;

import io.spillway.shuffle.measured.MeasuredAppendOnlyMap;
import java.util.function.LongSupplier;
import org.apache.spark.TaskContext;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.util.collection.SizeTracker;
import scala.Function2;
import scala.Product2;
import scala.Tuple2;
import scala.collection.AbstractIterator;
import scala.collection.Iterator;

/**
 * Spark's {@code ExternalAppendOnlyMap} for merging combiners (measured: {@link MeasuredAppendOnlyMap}), except at its first spill: instead of writing
 * its in-memory map to a spill file it offers the map's entries to a {@link Handover} (the tiered store). If
 * the handover takes them, the map has <i>switched</i>: {@link #insertAllUntilSwitch} stops reading records
 * and the caller merges the rest elsewhere. If it declines (the store is unavailable), the spill is Spark's
 * own and the map stays Spark's map to the end.
 *
 * <p>"Would spill" is Spark's own test ({@code Spillable.maybeSpill}: the sampled size passed the memory it
 * could get; or another consumer, or Spillway's control loop, forced a spill), so a read whose combiners fit
 * never pays for the store. Spark's {@code Spillable} releases the map's execution memory after the spill
 * as usual.
 */
@SuppressWarnings({"rawtypes", "unchecked"}) // a raw supertype: javac cannot check Scala's Iterable overrides generically
final class HandingOverAppendOnlyMap<K, C> extends MeasuredAppendOnlyMap<K, C, C> {

  /** Takes a spilling map's entries; false to decline (the map then spills to disk as Spark does). */
  interface Handover<K, C> {
    boolean take(Iterator<Tuple2<K, C>> entries);
  }

  private final Handover<K, C> handover;
  private boolean switched;
  private boolean declined;

  HandingOverAppendOnlyMap(Function2<C, C, C> mergeCombiners, Serializer serializer, TaskContext context,
      LongSupplier fedBytes, Handover<K, C> handover) {
    super((scala.Function1<C, C>) c -> c, mergeCombiners, mergeCombiners, serializer, context, fedBytes);
    this.handover = handover;
  }

  /**
   * Inserts records until they run out or the map switched; returns whether it switched (then the
   * records not read are still in {@code records}, and {@link #handOverRest} must be called).
   */
  boolean insertAllUntilSwitch(Iterator<? extends Product2<K, C>> records) {
    insertAll(new AbstractIterator<Product2<K, C>>() {
      @Override
      public boolean hasNext() {
        return !switched && records.hasNext();
      }

      @Override
      public Product2<K, C> next() {
        return records.next();
      }
    });
    return switched;
  }

  /** After a switch: hands the entries inserted since (at most the record that triggered it) over too. */
  void handOverRest() {
    if (!switched) {
      throw new IllegalStateException("the map has not switched");
    }
    forceSpill();
    releaseMemory();
  }

  boolean switched() {
    return switched;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void spill(SizeTracker collection) {
    if (!declined) {
      Iterator<Tuple2<K, C>> entries = pairs(collection);
      if (handover.take(entries)) {
        switched = true;
        return;
      }
      declined = true;
    }
    super.spill(collection);
  }
}

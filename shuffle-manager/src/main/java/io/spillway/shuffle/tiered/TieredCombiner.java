package io.spillway.shuffle.tiered;

import io.spillway.runtime.SpillwayRuntime;
import io.spillway.runtime.tiered.TieredStoreStageStats;
import io.spillway.runtime.tiered.TieredStoreTaskStats;
import io.spillway.storage.tiered.TieredStore;
import io.spillway.storage.tiered.TieredStoreStats;
import io.spillway.storage.tiered.ValueTooLargeException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.util.TaskCompletionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function2;
import scala.Product2;
import scala.Tuple2;
import scala.collection.AbstractIterator;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Reduce-side merge of combiners in a {@link TieredStore}: each key is serialized with the shuffle's
 * serializer (the store's key), its combiner merged with the aggregator's {@code mergeCombiners} through
 * {@link TieredStore#update}, and {@link #drain} returns every (key, combiner) once. Null combiners are
 * stored as {@link NullCombiner}.
 *
 * <p>Once per task, when the task ends, one INFO line says what the store did (heap-tier hits, off-heap
 * hits, misses, bytes written off heap, maps chained), and the same figures go to the driver plugin as a
 * {@link TieredStoreTaskStats} (nothing is sent without the plugin), which adds them up per stage into the
 * event log, the driver's metrics and the A/B report; the bytes written off heap are added to the task's
 * disk-bytes-spilled metric by {@code TieredStores}.
 */
final class TieredCombiner<K, C> {

  private static final Logger LOG = LoggerFactory.getLogger(TieredCombiner.class);
  private static final ClassTag<Object> ANY = ClassTag$.MODULE$.Any();

  private final TieredStore<Object> store;
  private final SerializerInstance serializer;
  private final Function2<C, C, C> mergeCombiners;
  private final PinnedCombiners<K, C> pinned;
  private final long taskAttemptId;
  private long recordsMerged;
  /** Off-heap entry bytes when the drain started (the drain empties the off-heap tier). */
  private long offHeapEntryBytesAtDrain;

  TieredCombiner(TieredStore<Object> store, SerializerInstance serializer, Function2<C, C, C> mergeCombiners,
      TaskContext context, String howItStarted) {
    this.store = store;
    this.serializer = serializer;
    this.mergeCombiners = mergeCombiners;
    this.pinned = new PinnedCombiners<>(mergeCombiners);
    this.taskAttemptId = context.taskAttemptId();
    // registered after the store's own listener, so it runs before the store is closed (reverse order)
    context.addTaskCompletionListener((TaskCompletionListener) ctx -> report(ctx, howItStarted));
  }

  /**
   * Merges {@code combiner} into {@code key}'s. A merged combiner the store refuses as too large
   * ({@link ValueTooLargeException}) is {@linkplain PinnedCombiners pinned} on the heap, and the key's later
   * records merge there.
   */
  void merge(K key, C combiner) {
    recordsMerged++;
    byte[] keyBytes = keyBytes(key);
    if (pinned.mergeIfPinned(keyBytes, combiner)) {
      return;
    }
    try {
      store.update(keyBytes, old -> NullCombiner.box(old == null
          ? combiner
          : mergeCombiners.apply(NullCombiner.<C>unbox(old), combiner)));
    } catch (ValueTooLargeException e) {
      pinned.pin(keyBytes, key, NullCombiner.<C>unbox(e.value()));
      LOG.info("Tiered aggregation in task {}: a combiner of about {} bytes is above what the store takes per "
          + "value; kept on the heap as an object for the rest of the read ({} such keys)", taskAttemptId,
          e.valueBytes(), pinned.size());
    }
  }

  /** Keys whose combiners are pinned on the heap. */
  int pinnedKeys() {
    return pinned.size();
  }

  /** Merges every record of {@code records}. */
  void mergeAll(Iterator<? extends Product2<K, C>> records) {
    while (records.hasNext()) {
      Product2<K, C> r = records.next();
      merge(r._1(), r._2());
    }
  }

  /**
   * Every key once with its merged combiner, the pinned ones first (each released as it is returned); the
   * store takes nothing afterwards.
   */
  Iterator<Product2<K, C>> drain() {
    offHeapEntryBytesAtDrain = store.stats().offHeapEntryBytes();
    java.util.Iterator<Product2<K, C>> onHeap = pinned.drain();
    java.util.Iterator<Map.Entry<byte[], Object>> entries = store.drain();
    return new AbstractIterator<>() {
      @Override
      public boolean hasNext() {
        return onHeap.hasNext() || entries.hasNext();
      }

      @Override
      @SuppressWarnings("unchecked")
      public Product2<K, C> next() {
        if (onHeap.hasNext()) {
          return onHeap.next();
        }
        Map.Entry<byte[], Object> e = entries.next();
        K key = (K) serializer.deserialize(ByteBuffer.wrap(e.getKey()), ANY);
        return new Tuple2<>(key, NullCombiner.<C>unbox(e.getValue()));
      }
    };
  }

  TieredStoreStats stats() {
    return store.stats();
  }

  private byte[] keyBytes(K key) {
    ByteBuffer buf = serializer.serialize(key, ANY);
    byte[] out = new byte[buf.remaining()];
    buf.get(out);
    return out;
  }

  private void report(TaskContext ctx, String howItStarted) {
    TieredStoreStats s = store.stats();
    logStats(ctx, howItStarted, s);
    SpillwayRuntime.sendToDriver(taskStats(ctx, s));
  }

  /** The figures the driver plugin adds up per stage. */
  private TieredStoreTaskStats taskStats(TaskContext ctx, TieredStoreStats s) {
    return new TieredStoreTaskStats(ctx.stageId(), ctx.stageAttemptNumber(), ctx.partitionId(), ctx.taskAttemptId(),
        recordsMerged, s.heapHits(), s.offHeapHits(), s.misses(), s.evictions(), s.offHeapBytesWritten(),
        Math.max(offHeapEntryBytesAtDrain, s.offHeapEntryBytes()), s.offHeapMaps());
  }

  private void logStats(TaskContext ctx, String howItStarted, TieredStoreStats s) {
    LOG.info("Tiered aggregation in task {} (stage {}.{}, partition {}; {}): {} records merged, heap-tier hits {}, "
            + "off-heap hits {}, misses {} (heap-tier hit rate {}), {} evictions, {} bytes written off heap, "
            + "{} off-heap maps (more than 1: chained)",
        ctx.taskAttemptId(), ctx.stageId(), ctx.stageAttemptNumber(), ctx.partitionId(), howItStarted,
        recordsMerged, s.heapHits(), s.offHeapHits(), s.misses(),
        s.heapHits() + s.offHeapHits() + s.misses() == 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f%%",
            100.0 * TieredStoreStageStats.heapTierHitRate(s.heapHits(), s.offHeapHits(), s.misses())),
        s.evictions(),
        s.offHeapBytesWritten(), s.offHeapMaps());
  }
}

package io.spillway.shuffle.tiered;

import io.spillway.runtime.SpillwayRuntime;
import io.spillway.runtime.compat.SparkEnvCompat;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.storage.group.SpillFiles;
import io.spillway.storage.tiered.TieredStore;
import io.spillway.storage.tiered.TieredStoreConfig;
import io.spillway.storage.tiered.TieredStores;
import io.spillway.shuffle.measured.MeasuredAppendOnlyMap;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.spark.Aggregator;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function2;
import scala.Product2;
import scala.collection.BufferedIterator;
import scala.collection.Iterator;

/**
 * Reduce-side aggregation of a map-side-combined shuffle (what Spark does with
 * {@code aggregator.combineCombinersByKey}), choosing between Spark's {@code ExternalAppendOnlyMap} and the
 * tiered store ({@code spark.spillway.tiered.aggregation}):
 *
 * <ul>
 *   <li><b>never</b>, or the store unavailable ({@code TieredStores.open} empty: one WARN per JVM there):
 *       Spark's path, unchanged.
 *   <li><b>always</b>: the store from the first record, for any key.
 *   <li><b>auto</b> (default), when the first key is {@linkplain CanonicalKeys canonical}: the store from
 *       the first record if the pressure level is {@link #STORE_LEVEL HIGH} or above when the read starts;
 *       else Spark's map until it would first spill ({@link HandingOverAppendOnlyMap}: Spark's own, exact
 *       signal that the distinct keys outgrew the memory it may use). At that moment, if the level is HIGH
 *       or above, the map hands its combiners to the store and the remaining records merge there; below,
 *       it spills to disk as Spark does and stays Spark's map. A read whose keys fit never opens a store.
 *       Should a non-canonical key turn up after the store started, the store is drained back into a
 *       plain Spark map, which merges by {@code equals}, and the read ends there.
 * </ul>
 * In every mode, a combiner that grows past what the store takes per value (see {@link StoreOpener#fromConf})
 * is {@linkplain PinnedCombiners pinned} on the heap as an object for the rest of the read: one huge hot
 * combiner is what Spark's map holds as an object, the store could only serialize it again and again, and
 * a spill of it (which Spark's map would do under pressure) needs memory in proportion to its parts.
 * Why not switch at every first spill: measured (JMH, docs/tiered-store.md), Spark's map is faster both
 * while everything fits (objects, no serialization) and when it spills on a calm heap (10 M distinct keys
 * at 1 GiB: 58 s against 124 s through the store); the store is for a heap under pressure, where its heap
 * tier shrinks at once while Spark's sampled estimate lags — and only at HIGH (see {@link #STORE_LEVEL}).
 */
public final class ReduceSideAggregation {

  /**
   * The pressure level from which {@code auto} uses the store: HIGH (post-GC old generation ≥ 80 % by
   * default). Not ELEVATED: a reduce task starting right after a heavy map stage often sees ELEVATED for a
   * few seconds (B3 at 512 MiB did), and the store cost 5–10× Spark's path there.
   */
  static final PressureLevel STORE_LEVEL = PressureLevel.HIGH;

  private static final Logger LOG = LoggerFactory.getLogger(ReduceSideAggregation.class);

  /** Opens a store for a task (production: {@code TieredStores.open} with {@code spark.spillway.tiered.*}). */
  @FunctionalInterface
  public interface StoreOpener {
    Optional<TieredStore<Object>> open(TaskContext context, SerializerInstance serializer);

    /**
     * {@code TieredStores.open} with the {@code spark.spillway.tiered.*} sizes, the executor's pressure level,
     * files in Spark's local dirs and a {@link CombinerWeigher}; empty (Spark's path) with I/O encryption on,
     * as {@code TieredStores.open(task, serializer, config)} does. The store takes combiners up to the heap
     * tier's bound at {@link #STORE_LEVEL} (1.25 % of the heap by default): a larger one would leave the heap
     * tier as soon as it is written and be serialized whole at every merge (S3's hot-key {@code HashSet}).
     */
    static StoreOpener fromConf(SparkConf conf) {
      return (context, serializer) -> {
        if (SparkEnvCompat.ioEncryptionEnabled()) {
          return TieredStores.open(context, serializer, TieredStoreConfig.fromSparkConf(conf, 0)); // logs once, empty
        }
        TieredStoreConfig config = TieredStoreConfig.fromSparkConf(conf, Runtime.getRuntime().maxMemory());
        return TieredStores.open(context, TieredStore.builder()
            .config(config)
            .maxValueBytes(config.heapMaxBytesAt(STORE_LEVEL))
            .serializer(serializer)
            .weigher(new CombinerWeigher())
            .pressure(SpillwayRuntime::lastPressureLevel)
            .files(() -> SpillFiles.ofSparkEnv().newFile()._2()));
      };
    }
  }

  private final TieredAggregationMode mode;
  private final Supplier<PressureLevel> pressure;
  private final StoreOpener opener;

  public ReduceSideAggregation(TieredAggregationMode mode, Supplier<PressureLevel> pressure, StoreOpener opener) {
    this.mode = mode;
    this.pressure = pressure;
    this.opener = opener;
  }

  /**
   * Merges {@code records} (values already combiners) by key, like {@code combineCombinersByKey}; Spark's map
   * on this path is a {@link MeasuredAppendOnlyMap}, which also spills by the serialized bytes fed to it.
   *
   * @param fedBytes serialized bytes of the records read so far (the reader's count; {@code () -> 0} for none)
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <K, C> Iterator<Product2<K, C>> combineCombinersByKey(Aggregator<K, ?, C> aggregator,
      Iterator<? extends Product2<K, C>> records, TaskContext context, Serializer serializer, LongSupplier fedBytes) {
    if (mode == TieredAggregationMode.NEVER) {
      return sparkMap(aggregator, records, context, fedBytes);
    }
    BufferedIterator<Product2<K, C>> buffered = ((Iterator<Product2<K, C>>) records).buffered();
    boolean guard = mode == TieredAggregationMode.AUTO;
    if (!buffered.hasNext() || (guard && !CanonicalKeys.isCanonical(buffered.head()._1()))) {
      return sparkMap(aggregator, buffered, context, fedBytes);
    }
    Function2<C, C, C> merge = aggregator.mergeCombiners();
    SerializerInstance ser = serializer.newInstance();
    PressureLevel atStart = pressure.get();
    if (mode == TieredAggregationMode.ALWAYS || atStart.compareTo(STORE_LEVEL) >= 0) {
      Optional<TieredStore<Object>> store = opener.open(context, ser);
      if (store.isEmpty()) {
        return sparkMap(aggregator, buffered, context, fedBytes);
      }
      String why = mode == TieredAggregationMode.ALWAYS ? "tiered.aggregation=always" : "pressure " + atStart + " at start";
      TieredCombiner<K, C> tiered = new TieredCombiner<>(store.get(), ser, merge, context, why);
      return mergeInStore(tiered, buffered, guard, aggregator, context);
    }
    TieredCombiner<K, C>[] tiered = new TieredCombiner[1];
    HandingOverAppendOnlyMap<K, C> map = new HandingOverAppendOnlyMap<>(merge, serializer, context, fedBytes, entries -> {
      if (tiered[0] == null) {
        PressureLevel atSpill = pressure.get();
        if (atSpill.compareTo(STORE_LEVEL) < 0) {
          return false; // Spark's spill files are faster than the store (docs/tiered-store.md)
        }
        Optional<TieredStore<Object>> store = opener.open(context, ser);
        if (store.isEmpty()) {
          return false;
        }
        tiered[0] = new TieredCombiner<>(store.get(), ser, merge, context, "Spark's map would have spilled at " + atSpill);
      }
      tiered[0].mergeAll(entries);
      return true;
    });
    if (!map.insertAllUntilSwitch(buffered)) {
      Iterator merged = map.iterator(); // after the last run is written, so the metrics count it
      map.addMetricsTo(context);
      return merged;
    }
    map.handOverRest();
    map.addMetricsTo(context);
    return mergeInStore(tiered[0], buffered, guard, aggregator, context);
  }

  private static <K, C> Iterator<Product2<K, C>> mergeInStore(TieredCombiner<K, C> tiered,
      BufferedIterator<Product2<K, C>> records, boolean guard, Aggregator<K, ?, C> aggregator, TaskContext context) {
    while (records.hasNext()) {
      if (guard && !CanonicalKeys.isCanonical(records.head()._1())) {
        LOG.info("Tiered aggregation in task {}: key of {} is not compared by its bytes; back to Spark's map",
            context.taskAttemptId(), records.head()._1().getClass().getName());
        return backToSpark(tiered, records, aggregator, context);
      }
      Product2<K, C> r = records.next();
      tiered.merge(r._1(), r._2());
    }
    return tiered.drain();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <K, C> Iterator<Product2<K, C>> backToSpark(TieredCombiner<K, C> tiered, Iterator<Product2<K, C>> rest,
      Aggregator<K, ?, C> aggregator, TaskContext context) {
    Iterator<Product2<K, C>> all = tiered.drain().concat(() -> rest);
    return (Iterator) aggregator.combineCombinersByKey((Iterator) all, context);
  }

  /** {@code Aggregator.combineCombinersByKey} through a {@link MeasuredAppendOnlyMap}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <K, C> Iterator<Product2<K, C>> sparkMap(Aggregator<K, ?, C> aggregator,
      Iterator<? extends Product2<K, C>> records, TaskContext context, LongSupplier fedBytes) {
    Function2<C, C, C> merge = aggregator.mergeCombiners();
    return (Iterator) MeasuredAppendOnlyMap.combineValuesByKey((Iterator) records, (scala.Function1<C, C>) c -> c,
        merge, merge, context, fedBytes);
  }
}

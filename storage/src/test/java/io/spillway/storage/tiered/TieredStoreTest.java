package io.spillway.storage.tiered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spillway.runtime.pressure.PressureLevel;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The store on a @TempDir, under a scripted pressure level, with each of Spark's serializers. */
class TieredStoreTest {

  /** Heap weight of one entry in these tests: overhead, an 8-byte key, a value weighed at 100 bytes. */
  private static final long ENTRY_WEIGHT = TieredStore.ENTRY_OVERHEAD_BYTES + 8 + 100;

  @TempDir
  Path dir;

  private final List<TieredStore<?>> opened = new ArrayList<>();

  private final AtomicReference<PressureLevel> level = new AtomicReference<>(PressureLevel.NORMAL);

  static List<Serializer> serializers() {
    SparkConf conf = new SparkConf(false);
    return List.of(new JavaSerializer(conf), new KryoSerializer(conf));
  }

  private File newFile() {
    return dir.resolve("tiered-" + UUID.randomUUID()).toFile();
  }

  @AfterEach
  void closeStores() {
    opened.forEach(TieredStore::close); // a failed assertion must not leave maps for the Cleaner
  }

  private <V> TieredStore<V> store(Serializer serializer, TieredStoreConfig config) {
    return track(TieredStore.<V>builder()
        .config(config)
        .serializer(serializer.newInstance())
        .pressure(level::get)
        .weigher(v -> 100)
        .files(this::newFile)
        .owner("test store")
        .build());
  }

  private <V> TieredStore<V> track(TieredStore<V> s) {
    opened.add(s);
    return s;
  }

  private static byte[] key(long k) {
    return ByteBuffer.allocate(8).putLong(k).array();
  }

  private static long key(byte[] k) {
    return ByteBuffer.wrap(k).getLong();
  }

  private static Map<Long, Object> drainAll(TieredStore<?> s) {
    Map<Long, Object> out = new HashMap<>();
    Iterator<? extends Map.Entry<byte[], ?>> it = s.drain();
    while (it.hasNext()) {
      Map.Entry<byte[], ?> e = it.next();
      assertThat(out.put(key(e.getKey()), e.getValue())).as("key %s drained twice", key(e.getKey())).isNull();
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("serializers")
  void pressure_highShrinksTheHeapTierAndNormalLetsEntriesComeBack(Serializer serializer) {
    TieredStore<String> s = store(serializer, TieredStoreConfig.withHeapMaxBytes(100 * ENTRY_WEIGHT));
    for (long k = 0; k < 100; k++) {
      s.put(key(k), "v" + k);
    }
    assertThat(s.stats().heapEntries()).as("NORMAL: all 100 fit").isEqualTo(100);
    assertThat(s.stats().offHeapEntries()).isZero();

    level.set(PressureLevel.HIGH);
    s.getOrNull(key(0)); // any operation applies the new level
    TieredStoreStats high = s.stats();
    assertThat(high.heapMaxBytes()).isEqualTo((long) (100 * ENTRY_WEIGHT * 0.125));
    assertThat(high.heapWeightBytes()).isLessThanOrEqualTo(high.heapMaxBytes());
    assertThat(high.heapEntries()).isLessThanOrEqualTo(12);
    assertThat(high.offHeapEntries()).isEqualTo(100 - high.heapEntries());
    assertThat(high.evictions()).isGreaterThanOrEqualTo(88);
    assertThat(high.offHeapEntryBytes()).isPositive();
    assertThat(high.offHeapMaps()).isEqualTo(1);

    level.set(PressureLevel.NORMAL);
    for (long k = 0; k < 100; k++) {
      assertThat(s.getOrNull(key(k))).isEqualTo("v" + k);
    }
    TieredStoreStats normal = s.stats();
    assertThat(normal.heapMaxBytes()).isEqualTo(100 * ENTRY_WEIGHT);
    assertThat(normal.heapEntries()).as("read back: all on heap again").isEqualTo(100);
    assertThat(normal.offHeapEntries()).isZero();
    assertThat(normal.offHeapHits() - high.offHeapHits()).as("each promoted once").isEqualTo(high.offHeapEntries());
    assertThat(normal.heapHitRatio()).isLessThan(1.0);
    s.close();
  }

  @ParameterizedTest
  @MethodSource("serializers")
  void update_heavyEvictionAndChangingPressure_losesNoEntryAndKeepsEachKeyInOneTier(Serializer serializer) {
    // 20 entries fit on heap at NORMAL, 2 at HIGH, none at CRITICAL; a tiny first map forces chaining too
    TieredStore<Long> s = store(serializer, TieredStoreConfig.withHeapMaxBytes(20 * ENTRY_WEIGHT).withFirstMapEntries(64));
    Random random = new Random(42);
    PressureLevel[] script = PressureLevel.values();
    Map<Long, Long> expected = new HashMap<>();
    for (int op = 0; op < 30_000; op++) {
      if (op % 1_000 == 0) {
        level.set(script[(op / 1_000) % script.length]);
      }
      long k = random.nextInt(3_000);
      s.update(key(k), old -> old == null ? 1L : old + 1);
      expected.merge(k, 1L, Long::sum);
      if (op % 97 == 0) {
        assertThat(s.size()).as("each key in exactly one tier").isEqualTo(expected.size());
      }
    }
    TieredStoreStats stats = s.stats();
    assertThat(stats.evictions()).isGreaterThan(10_000);
    assertThat(stats.offHeapHits()).isGreaterThan(1_000);
    assertThat(stats.offHeapMaps()).isGreaterThan(1);

    assertThat(drainAll(s)).isEqualTo(expected);
    s.close();
  }

  @ParameterizedTest
  @MethodSource("serializers")
  void update_functionThrowsForAnOffHeapKey_keepsTheOldValue(Serializer serializer) {
    TieredStore<Long> s = store(serializer, TieredStoreConfig.withHeapMaxBytes(2 * ENTRY_WEIGHT));
    for (long k = 0; k < 10; k++) {
      s.put(key(k), k);
    }
    assertThat(s.stats().offHeapEntries()).as("the heap tier holds 2").isGreaterThanOrEqualTo(8);

    for (long k = 0; k < 10; k++) {
      long key = k;
      assertThatThrownBy(() -> s.update(key(key), old -> {
        throw new IllegalArgumentException("merge failed for " + old);
      })).isInstanceOf(IllegalArgumentException.class).hasMessage("merge failed for " + k);
    }

    assertThat(s.size()).isEqualTo(10);
    for (long k = 0; k < 10; k++) {
      assertThat(s.getOrNull(key(k))).isEqualTo(k);
    }
  }

  @ParameterizedTest
  @MethodSource("serializers")
  void put_mapFills_chainsAnotherAndKeepsEveryEntry(Serializer serializer) {
    level.set(PressureLevel.CRITICAL); // bound 0: every entry goes off heap
    TieredStore<String> s = store(serializer, TieredStoreConfig.withHeapMaxBytes(1 << 20).withFirstMapEntries(1));
    for (long k = 0; k < 5_000; k++) {
      s.put(key(k), "value-" + k);
    }
    TieredStoreStats stats = s.stats();
    assertThat(stats.heapEntries()).isZero();
    assertThat(stats.offHeapEntries()).isEqualTo(5_000);
    assertThat(stats.offHeapMaps()).as("a map sized for 1 entry filled, and its successors").isGreaterThan(2);
    assertThat(s.offHeapFiles()).hasSize(stats.offHeapMaps()).allMatch(File::exists);

    for (long k = 0; k < 5_000; k++) {
      assertThat(s.getOrNull(key(k))).isEqualTo("value-" + k); // promoted, and at CRITICAL evicted straight back
    }
    assertThat(s.getOrNull(key(5_000))).isNull();
    assertThat(s.size()).isEqualTo(5_000);
    s.close();
  }

  @ParameterizedTest
  @MethodSource("serializers")
  void put_entryFarLargerThanTheAverage_chainsAMapSizedForIt(Serializer serializer) {
    level.set(PressureLevel.CRITICAL);
    TieredStore<Object> s = store(serializer, TieredStoreConfig.withHeapMaxBytes(1 << 20).withFirstMapEntries(100));
    for (long k = 0; k < 50; k++) {
      s.put(key(k), "small" + k);
    }
    byte[] big = new byte[4 << 20];
    new Random(1).nextBytes(big);
    s.put(key(50), big);
    s.put(key(51), "small after");

    assertThat(s.stats().offHeapMaps()).isEqualTo(2);
    assertThat((byte[]) s.getOrNull(key(50))).isEqualTo(big);
    assertThat(s.getOrNull(key(51))).isEqualTo("small after");
    assertThat(s.getOrNull(key(7))).isEqualTo("small7");
    s.close();
  }

  @ParameterizedTest
  @MethodSource("serializers")
  void drain_everyEntryOnceFromBothTiers_deletingEachMapFileOnceRead(Serializer serializer) {
    TieredStore<String> s = store(serializer, TieredStoreConfig.withHeapMaxBytes(100 * ENTRY_WEIGHT).withFirstMapEntries(16));
    for (long k = 0; k < 1_000; k++) {
      s.put(key(k), "v" + k);
    }
    assertThat(s.stats().offHeapEntries()).isGreaterThan(800);
    List<File> files = s.offHeapFiles();
    assertThat(files).hasSizeGreaterThan(1).allMatch(File::exists);

    Map<Long, Object> drained = drainAll(s);

    assertThat(drained).hasSize(1_000).containsEntry(0L, "v0").containsEntry(999L, "v999");
    assertThat(files).noneMatch(File::exists);
    assertThat(s.stats().heapEntries()).isZero();
    assertThat(s.stats().offHeapEntries()).isZero();
    assertThatThrownBy(() -> s.put(key(1), "late")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("being drained");
    s.close();
  }

  @Test
  void close_deletesEveryFileAndIsIdempotent() {
    level.set(PressureLevel.CRITICAL);
    TieredStore<String> s = store(new KryoSerializer(new SparkConf(false)),
        TieredStoreConfig.withHeapMaxBytes(1 << 20).withFirstMapEntries(1));
    for (long k = 0; k < 1_000; k++) {
      s.put(key(k), "v" + k);
    }
    List<File> files = s.offHeapFiles();
    assertThat(files).hasSizeGreaterThan(1).allMatch(File::exists);

    s.close();
    s.close();

    assertThat(files).noneMatch(File::exists);
    assertThat(dir.toFile().listFiles()).isEmpty();
    assertThatThrownBy(() -> s.getOrNull(key(1))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("test store is closed");
  }

  @Test
  void put_offHeapWriteFails_rethrowsInsteadOfLosingTheEntry() {
    List<File> made = new ArrayList<>();
    TieredStore<String> s = TieredStore.<String>builder()
        .config(TieredStoreConfig.withHeapMaxBytes(2 * ENTRY_WEIGHT))
        .serializer(new KryoSerializer(new SparkConf(false)).newInstance())
        .weigher(v -> 100)
        .files(() -> {
          File f = dir.resolve("missing-dir").resolve("map").toFile(); // parent does not exist: creation fails
          made.add(f);
          return f;
        })
        .owner("failing store")
        .build();

    assertThatThrownBy(() -> {
      for (long k = 0; k < 10; k++) {
        s.put(key(k), "v" + k);
      }
    }).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("failing store")
        .hasMessageContaining("could not be written off heap");
    assertThat(made).isNotEmpty();
    s.close();
  }

  @Test
  void put_defaultSizeEstimatorWeigher_boundsTheHeapTier() {
    TieredStore<long[]> s = track(TieredStore.<long[]>builder()
        .config(TieredStoreConfig.withHeapMaxBytes(64 << 10))
        .serializer(new KryoSerializer(new SparkConf(false)).newInstance())
        .files(this::newFile)
        .build());
    for (long k = 0; k < 1_000; k++) {
      s.put(key(k), new long[128]); // ~1 KiB each: ~60 fit in 64 KiB
    }
    assertThat(s.stats().heapWeightBytes()).isLessThanOrEqualTo(64 << 10);
    assertThat(s.stats().heapEntries()).isBetween(30L, 64L);
    assertThat(s.size()).isEqualTo(1_000);
    s.close();
  }

  /** A store for growing {@code ArrayList} combiners, weighed as 8 bytes per element, taking values up to 800. */
  private TieredStore<List<Long>> listStore(Serializer serializer, long heapMaxBytes) {
    return track(TieredStore.<List<Long>>builder()
        .config(TieredStoreConfig.withHeapMaxBytes(heapMaxBytes))
        .serializer(serializer.newInstance())
        .pressure(level::get)
        .weigher(v -> 8L * v.size())
        .maxValueBytes(800)
        .files(this::newFile)
        .owner("test store")
        .build());
  }

  @ParameterizedTest
  @MethodSource("serializers")
  void update_valueGrownInPlacePastMaxValueBytes_refusedWithTheMergedValueAndKeyInNeitherTier(Serializer serializer) {
    TieredStore<List<Long>> s = listStore(serializer, 1 << 20);
    s.put(key(1), new ArrayList<>(List.of(-1L)));
    for (long v = 0; v < 99; v++) { // 100 elements: 800 bytes, still taken
      long value = v;
      s.update(key(0), old -> {
        List<Long> l = old == null ? new ArrayList<>() : old;
        l.add(value); // in place: the same object, heavier each time
        return l;
      });
    }
    assertThat(s.getOrNull(key(0))).hasSize(99);

    ValueTooLargeException refused = org.junit.jupiter.api.Assertions.assertThrows(ValueTooLargeException.class,
        () -> s.update(key(0), old -> {
          old.add(99L);
          old.add(100L);
          return old;
        }));

    assertThat(refused.valueBytes()).isEqualTo(8 * 101);
    @SuppressWarnings("unchecked")
    List<Long> merged = (List<Long>) refused.value();
    assertThat(merged).hasSize(101).endsWith(99L, 100L);
    assertThat(s.getOrNull(key(0))).as("the refused key is in neither tier").isNull();
    assertThat(s.size()).isEqualTo(1);
    assertThat(s.stats().offHeapBytesWritten()).as("nothing serialized off heap").isZero();
    assertThat(s.getOrNull(key(1))).containsExactly(-1L);
  }

  @ParameterizedTest
  @MethodSource("serializers")
  void update_offHeapValueMergedPastMaxValueBytes_refusedAndGoneFromTheOffHeapTier(Serializer serializer) {
    TieredStore<List<Long>> s = listStore(serializer, 1 << 20);
    List<Long> big = new ArrayList<>();
    for (long v = 0; v < 90; v++) {
      big.add(v);
    }
    s.put(key(0), big);
    level.set(PressureLevel.CRITICAL); // bound 0: the value goes off heap
    s.getOrNull(key(1));
    assertThat(s.stats().offHeapEntries()).isEqualTo(1);

    ValueTooLargeException refused = org.junit.jupiter.api.Assertions.assertThrows(ValueTooLargeException.class,
        () -> s.update(key(0), old -> {
          List<Long> merged = new ArrayList<>(old);
          merged.addAll(List.of(90L, 91L, 92L, 93L, 94L, 95L, 96L, 97L, 98L, 99L, 100L));
          return merged;
        }));

    assertThat((List<?>) refused.value()).hasSize(101);
    assertThat(s.size()).isZero();
    assertThat(s.getOrNull(key(0))).isNull();
  }

  @Test
  void put_withoutMaxValueBytes_takesAnySize() {
    TieredStore<long[]> s = track(TieredStore.<long[]>builder()
        .config(TieredStoreConfig.withHeapMaxBytes(1 << 20))
        .serializer(new KryoSerializer(new SparkConf(false)).newInstance())
        .files(this::newFile)
        .build());
    s.put(key(0), new long[1 << 18]); // 2 MiB, above the heap tier: evicted off heap, not refused
    assertThat(s.getOrNull(key(0))).hasSize(1 << 18);
  }

  @Test
  void pressureRise_everyEvictionFails_oneErrorWithAFewSuppressed() {
    TieredStore<String> s = track(TieredStore.<String>builder()
        .config(TieredStoreConfig.withHeapMaxBytes(1_000 * ENTRY_WEIGHT))
        .serializer(new KryoSerializer(new SparkConf(false)).newInstance())
        .pressure(level::get)
        .weigher(v -> 100)
        .files(() -> dir.resolve("missing-dir").resolve("map").toFile()) // every map creation fails
        .owner("failing store")
        .build());
    for (long k = 0; k < 500; k++) {
      s.put(key(k), "v" + k);
    }

    level.set(PressureLevel.CRITICAL); // the next operation evicts all 500 at once, each failing
    Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> s.getOrNull(key(0)));

    assertThat(thrown.getCause()).isNotNull();
    assertThat(thrown.getCause().getSuppressed()).hasSizeLessThanOrEqualTo(TieredStore.MAX_SUPPRESSED_FAILURES);
  }

  /** Serializing it throws what it was built with (an eviction's off-heap write fails that way). */
  static final class FailsToSerialize implements java.io.Serializable {
    private final boolean outOfMemory;

    FailsToSerialize(boolean outOfMemory) {
      this.outOfMemory = outOfMemory;
    }

    private void writeObject(java.io.ObjectOutputStream out) {
      if (outOfMemory) {
        throw new OutOfMemoryError("test: no heap to serialize");
      }
      throw new IllegalStateException("test: cannot serialize");
    }
  }

  @Test
  void pressureRise_oneEvictionOutOfMemoryAmongOtherFailures_outOfMemoryErrorRethrownAsItself() {
    TieredStore<Object> s = track(TieredStore.<Object>builder()
        .config(TieredStoreConfig.withHeapMaxBytes(100 * ENTRY_WEIGHT))
        .serializer(new JavaSerializer(new SparkConf(false)).newInstance())
        .pressure(level::get)
        .weigher(v -> 100)
        .files(this::newFile)
        .owner("test store")
        .build());
    s.put(key(0), new FailsToSerialize(false));
    s.put(key(1), new FailsToSerialize(true));
    s.put(key(2), new FailsToSerialize(false));

    level.set(PressureLevel.CRITICAL); // the next operation evicts all three, in Caffeine's order
    assertThatThrownBy(() -> s.getOrNull(key(3))).isInstanceOf(OutOfMemoryError.class)
        .hasMessageContaining("no heap to serialize");
  }
}

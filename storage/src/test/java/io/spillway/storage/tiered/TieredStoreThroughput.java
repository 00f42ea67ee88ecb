package io.spillway.storage.tiered;

import io.spillway.runtime.pressure.PressureLevel;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;

/**
 * A quick measurement, not a benchmark (no JMH: one JVM, one warm-up pass): puts and gets per second of
 * {@code n} distinct 8-byte keys with {@code Long} values (Kryo), first with every entry on heap (NORMAL,
 * bound large enough), then with every entry off heap (CRITICAL, bound 0), then an aggregation
 * ({@code update} of random keys) with the heap tier bounded to n/10 entries. Run:
 * {@code java $OPTS -cp storage/target/test-classes:storage/target/classes:<test classpath>
 * io.spillway.storage.tiered.TieredStoreThroughput [keys]}.
 */
public final class TieredStoreThroughput {

  /** Heap weight the measurement gives a boxed Long (the store adds its per-entry overhead and the key). */
  private static final long LONG_WEIGHT_BYTES = 16;

  private TieredStoreThroughput() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path dir = Files.createTempDirectory("spillway-throughput");
    long entryWeight = TieredStore.ENTRY_OVERHEAD_BYTES + 8 + LONG_WEIGHT_BYTES;
    for (int round = 0; round < 2; round++) { // round 0 warms up the JIT
      String tag = round == 0 ? "warm-up " : "";
      measure(tag + "heap tier (NORMAL)", n, dir, PressureLevel.NORMAL, entryWeight * n * 2);
      measure(tag + "off-heap tier (CRITICAL)", n, dir, PressureLevel.CRITICAL, entryWeight * n * 2);
      aggregate(tag + "aggregation, heap bound = n/10 entries", n, dir, entryWeight * n / 10);
    }
    Files.delete(dir);
  }

  private static TieredStore<Long> store(Path dir, AtomicReference<PressureLevel> level, long heapBytes) {
    return TieredStore.<Long>builder()
        .config(TieredStoreConfig.withHeapMaxBytes(heapBytes))
        .serializer(new KryoSerializer(new SparkConf(false)).newInstance())
        .pressure(level::get)
        .weigher(v -> LONG_WEIGHT_BYTES)
        .files(() -> new File(dir.toFile(), UUID.randomUUID().toString()))
        .build();
  }

  private static byte[] key(long k) {
    return ByteBuffer.allocate(8).putLong(k * 0x9E3779B97F4A7C15L).array();
  }

  private static void measure(String what, int n, Path dir, PressureLevel at, long heapBytes) {
    AtomicReference<PressureLevel> level = new AtomicReference<>(at);
    try (TieredStore<Long> s = store(dir, level, heapBytes)) {
      long t0 = System.nanoTime();
      for (long k = 0; k < n; k++) {
        s.put(key(k), k);
      }
      long t1 = System.nanoTime();
      long sum = 0;
      for (long k = 0; k < n; k++) {
        sum += s.getOrNull(key(k));
      }
      long t2 = System.nanoTime();
      TieredStoreStats st = s.stats();
      System.out.printf("%-45s puts %,10.0f/s  gets %,10.0f/s  heap %,d  off-heap %,d entries (%,d B entries, %,d B files, %d maps) checksum %d%n",
          what, n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9), st.heapEntries(), st.offHeapEntries(),
          st.offHeapEntryBytes(), st.offHeapFileBytes(), st.offHeapMaps(), sum);
    }
  }

  private static void aggregate(String what, int n, Path dir, long heapBytes) {
    AtomicReference<PressureLevel> level = new AtomicReference<>(PressureLevel.NORMAL);
    java.util.Random random = new java.util.Random(7);
    try (TieredStore<Long> s = store(dir, level, heapBytes)) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        s.update(key(random.nextInt(n)), old -> old == null ? 1L : old + 1);
      }
      long t1 = System.nanoTime();
      long total = 0;
      for (Iterator<Map.Entry<byte[], Long>> it = s.drain(); it.hasNext(); ) {
        total += it.next().getValue();
      }
      long t2 = System.nanoTime();
      TieredStoreStats st = s.stats();
      System.out.printf("%-45s updates %,10.0f/s  drain %,10.0f entries/s  heap hits %,d  off-heap hits %,d  misses %,d  maps %d  total %d%n",
          what, n / ((t1 - t0) / 1e9), st.misses() / ((t2 - t1) / 1e9), // each distinct key missed once, then drained once
          st.heapHits(), st.offHeapHits(), st.misses(), st.offHeapMaps(), total);
    }
  }
}

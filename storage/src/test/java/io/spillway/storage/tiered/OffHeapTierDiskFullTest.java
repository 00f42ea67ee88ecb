package io.spillway.storage.tiered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A full disk under the tiered store's off-heap tier. Chronicle Map preallocates each map file when it creates it,
 * so that is where a full disk shows (see {@link OffHeapTier}); this container cannot mount a size-capped
 * directory, so the creation is made to write part of the file and throw {@code IOException("No space left on
 * device")}, for the first map or for a chained one (the tier's growth). The store fails the call with an error
 * naming the map file, its directory and the owner, deletes the partial file, refuses every later call (nothing
 * is read back from a store that lost an entry) and deletes every map file on close.
 */
class OffHeapTierDiskFullTest {

  /** Heap weight of one entry: overhead, an 8-byte key, a value weighed at 100 bytes. */
  private static final long ENTRY_WEIGHT = TieredStore.ENTRY_OVERHEAD_BYTES + 8 + 100;

  @TempDir
  Path dir;

  /** Fails the {@code failingMap}-th creation (1-based) as a full disk does, after writing part of the file. */
  private static OffHeapTier.MapFileCreator diskFullAt(int failingMap, AtomicInteger created) {
    return (builder, file) -> {
      if (created.incrementAndGet() == failingMap) {
        Files.write(file.toPath(), new byte[4096]); // what a failed preallocation may leave
        throw new IOException("No space left on device");
      }
      return OffHeapTier.MapFileCreator.CHRONICLE.create(builder, file);
    };
  }

  @ParameterizedTest(name = "disk full at map {0}")
  @ValueSource(ints = {1, 2})
  void put_diskFullCreatingAnOffHeapMap_failsNamingTheFileDeletesItAndRefusesLaterCalls(int failingMap)
      throws IOException {
    for (Serializer serializer : new Serializer[] {new JavaSerializer(new SparkConf(false)),
        new KryoSerializer(new SparkConf(false))}) {
      AtomicInteger created = new AtomicInteger();
      TieredStore<String> s = TieredStore.<String>builder()
          .config(TieredStoreConfig.withHeapMaxBytes(2 * ENTRY_WEIGHT).withFirstMapEntries(16))
          .serializer(serializer.newInstance())
          .weigher(v -> 100)
          .files(() -> dir.resolve("tiered-" + UUID.randomUUID()).toFile())
          .mapFileCreator(diskFullAt(failingMap, created))
          .owner("task 12 (stage 3.0)")
          .build();
      try {
        assertThatThrownBy(() -> {
          for (long k = 0; k < 10_000; k++) {
            s.put(key(k), "v" + k);
          }
        }).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("task 12 (stage 3.0)")
            .hasMessageContaining("No space left on device")
            .hasMessageContaining("directory " + dir)
            .hasMessageContaining("off-heap map file tiered-");
        assertThat(created.get()).isEqualTo(failingMap);
        assertThat(mapFiles()).as("map files: the ones created before, not the partial one").isEqualTo(failingMap - 1);

        assertThatThrownBy(() -> s.getOrNull(key(0))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.put(key(0), "again")).isInstanceOf(IllegalStateException.class);
      } finally {
        s.close();
      }
      assertThat(mapFiles()).as("map files after close").isZero();
    }
  }

  private long mapFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("tiered-")).count();
    }
  }

  private static byte[] key(long k) {
    return ByteBuffer.allocate(8).putLong(k).array();
  }
}

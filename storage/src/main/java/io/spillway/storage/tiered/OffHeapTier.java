package io.spillway.storage.tiered;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The off-heap tier: serialized keys and values in a chain of Chronicle Maps, each persisted to its own
 * memory-mapped file. The page cache holds what fits in memory and the kernel writes the rest to disk;
 * none of it is on the Java heap.
 *
 * <p><b>Disk is reserved when a map is created.</b> Chronicle Map preallocates each file with
 * {@code posix_fallocate} (its {@code sparseFile} option is off, and stays off here: a sparse mapping
 * whose disk fills fails the JVM with SIGBUS on a page fault, a preallocation fails the map's creation
 * with an {@code IOException} the task reports). So a map's size is real disk: doubling keeps what is
 * reserved within about twice what is written, and no map is sized past {@link #MAX_MAP_FILE_BYTES}.
 *
 * <p><b>Chaining.</b> A Chronicle Map is sized when it is built ({@code entries}, average key and value
 * sizes) and refuses entries beyond that ({@code IllegalStateException}: no more segment tiers) or entries
 * far larger than the average ({@code IllegalArgumentException}: too many chunks). Neither is a failure
 * here: a new map is chained, sized for twice the entries of the previous one and for the average sizes
 * seen so far (or for the entry that did not fit), and the entry goes there. Lookups probe the maps newest
 * first; doubling keeps their number logarithmic in the entries, and each map's {@link KeyFilter} (on the
 * heap, about a byte per entry it is sized for) lets a lookup skip the maps that cannot hold the key — most
 * lookups in an aggregation are of new keys, held by no map.
 *
 * <p><b>Checked entries.</b> Each stored value carries a CRC-32C of its key and value ({@link EntryCheck}),
 * checked when the entry is read back ({@link #removeOrNull}, {@link #drain}): a byte changed in a map file fails
 * the task instead of coming back as another value or key.
 *
 * <p>Each key is in at most one map: the store only writes keys that are not off heap (a key read from
 * here is removed, see {@link #removeOrNull}). Task thread only.
 */
final class OffHeapTier implements AutoCloseable {

  /** Creates a map persisted to a file: Chronicle Map's own call in production. */
  @FunctionalInterface
  interface MapFileCreator {
    /** Chronicle Map's {@code createPersistedTo}, which preallocates the file. */
    MapFileCreator CHRONICLE = ChronicleMapBuilder::createPersistedTo;

    ChronicleMap<byte[], byte[]> create(ChronicleMapBuilder<byte[], byte[]> builder, File file)
        throws java.io.IOException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(OffHeapTier.class);

  static {
    ChronicleAvailability.quietChronicle(); // also when a store is built without the probe (tests, benchmarks)
  }

  /** Most bytes one map may be sized for (entries × average entry): disk reserved at its creation. */
  static final long MAX_MAP_FILE_BYTES = 1L << 30;
  /** Most entries a chained map is sized for (doubling stops there). */
  static final long MAX_MAP_ENTRIES = 1L << 32;
  /**
   * How many entries a Chronicle Map takes per entry it was sized for before it refuses more (its segments
   * round up): measured 2.6–2.8 for maps of 1, 2 and 4 Ki entries of 8 + 1 bytes (2 821, 5 281, 10 211
   * held). Key filters are sized for that many, or a full map's filter would answer "maybe" far too often.
   */
  static final long ENTRIES_HELD_PER_CONFIGURED = 3;
  /** Fewest entries a chained map is sized for, even for huge entries. */
  static final long MIN_MAP_ENTRIES = 16;

  private final Supplier<File> newFile;
  private final MapFileCreator creator;
  private final long firstMapEntries;
  private final String owner;
  private final List<ChronicleMap<byte[], byte[]>> maps = new ArrayList<>();
  /** One per map, same index: which keys a map may hold. */
  private final List<KeyFilter> filters = new ArrayList<>();
  private final List<File> files = new ArrayList<>();

  private long writes;
  private long keyBytesWritten;
  private long valueBytesWritten;
  private long liveEntries;
  private long liveBytes;
  private long mapQueries;
  private boolean closed;

  /**
   * @param newFile         a new, not yet existing file per map (Spark: a temp-local block in its local dirs)
   * @param firstMapEntries entries the first map is sized for
   * @param owner           names the store in map names and errors (task, stage)
   */
  OffHeapTier(Supplier<File> newFile, long firstMapEntries, String owner) {
    this(newFile, MapFileCreator.CHRONICLE, firstMapEntries, owner);
  }

  /** As above, with the call that creates a map's file ({@link MapFileCreator#CHRONICLE}; a test injects faults). */
  OffHeapTier(Supplier<File> newFile, MapFileCreator creator, long firstMapEntries, String owner) {
    this.newFile = newFile;
    this.creator = creator;
    this.firstMapEntries = firstMapEntries;
    this.owner = owner;
  }

  /** Writes an entry whose key is not in this tier; chains a map when the current one cannot take it. */
  void put(KeyBytes k, byte[] value) {
    checkOpen();
    byte[] key = k.bytes();
    byte[] stored = EntryCheck.seal(key, value);
    writes++;
    keyBytesWritten += key.length;
    valueBytesWritten += value.length;
    long hash = k.hash64();
    if (!maps.isEmpty()) {
      try {
        maps.get(maps.size() - 1).put(key, stored);
        filters.get(filters.size() - 1).add(hash);
        added(key, value);
        return;
      } catch (IllegalStateException | IllegalArgumentException full) {
        LOG.debug("off-heap map {} of {} cannot take an entry of {} + {} bytes ({}); chaining another",
            maps.size(), owner, key.length, value.length, full.getMessage());
      }
    }
    ChronicleMap<byte[], byte[]> next = chain(key.length, stored.length);
    try {
      next.put(key, stored);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new IllegalStateException("a new off-heap map of " + owner + " sized for this entry refused it ("
          + key.length + " key bytes, " + value.length + " value bytes)", e);
    }
    filters.get(filters.size() - 1).add(hash);
    added(key, value);
  }

  private void added(byte[] key, byte[] value) {
    liveEntries++;
    liveBytes += key.length + value.length;
  }

  private ChronicleMap<byte[], byte[]> chain(int keyBytes, int valueBytes) {
    double avgKey = Math.max(keyBytes, (double) keyBytesWritten / writes);
    double avgValue = Math.max(valueBytes, (double) valueBytesWritten / writes + EntryCheck.BYTES);
    long wanted = firstMapEntries;
    for (int i = 0; i < maps.size() && wanted < MAX_MAP_ENTRIES; i++) {
      wanted *= 2;
    }
    long fits = (long) (MAX_MAP_FILE_BYTES / (avgKey + avgValue));
    long entries = Math.max(MIN_MAP_ENTRIES, Math.min(wanted, fits));
    File file = newFile.get();
    try {
      ChronicleMap<byte[], byte[]> map = creator.create(ChronicleMapBuilder.of(byte[].class, byte[].class)
          .name("spillway-tiered-" + maps.size())
          .entries(entries)
          .averageKeySize(Math.max(1.0, avgKey))
          .averageValueSize(Math.max(1.0, avgValue)), file);
      maps.add(map);
      filters.add(new KeyFilter(entries * ENTRIES_HELD_PER_CONFIGURED));
      files.add(file);
      LOG.debug("{}: off-heap map {} for {} entries of ~{} + {} bytes in {}", owner, maps.size(), entries,
          (long) avgKey, (long) avgValue, file);
      return map;
    } catch (java.io.IOException e) {
      deleteQuietly(file);
      // a full disk fails here, at the preallocation (see the class comment)
      throw new java.io.UncheckedIOException("could not create off-heap map file " + file.getName() + " (map "
          + (maps.size() + 1) + ", " + entries + " entries; directory " + file.getParent() + ") for " + owner
          + "; the partial file was deleted: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(file);
      throw e;
    }
  }

  /** The value of {@code key}, removed from this tier; null if it is not here. */
  byte[] removeOrNull(KeyBytes k) {
    checkOpen();
    if (liveEntries == 0) {
      return null;
    }
    long hash = k.hash64();
    byte[] key = k.bytes();
    for (int i = maps.size() - 1; i >= 0; i--) {
      if (!filters.get(i).mightContain(hash)) {
        continue;
      }
      mapQueries++;
      byte[] stored = maps.get(i).remove(key);
      if (stored != null) {
        byte[] v = EntryCheck.open(key, stored, files.get(i), owner);
        liveEntries--;
        liveBytes -= key.length + v.length;
        return v;
      }
    }
    return null;
  }

  /**
   * Every entry, map by map, each map closed and its file deleted once read; the tier takes no writes after.
   */
  Iterator<Map.Entry<byte[], byte[]>> drain() {
    checkOpen();
    return new Iterator<>() {
      private int next;
      private int currentMap = -1;
      private Iterator<Map.Entry<byte[], byte[]>> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        checkOpen();
        while (!current.hasNext() && next <= maps.size()) {
          if (next > 0) {
            closeMap(next - 1); // read out: release its mapping and disk now
          }
          if (next < maps.size()) {
            current = maps.get(next).entrySet().iterator();
            currentMap = next;
          }
          next++;
        }
        return current.hasNext();
      }

      @Override
      public Map.Entry<byte[], byte[]> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Map.Entry<byte[], byte[]> e = current.next();
        byte[] value = EntryCheck.open(e.getKey(), e.getValue(), files.get(currentMap), owner);
        liveEntries--;
        liveBytes -= e.getKey().length + value.length;
        return new java.util.AbstractMap.SimpleImmutableEntry<>(e.getKey(), value);
      }
    };
  }

  long entries() {
    return liveEntries;
  }

  /** Chronicle Map lookups made by {@link #removeOrNull} (the key filters skip the others). */
  long mapQueries() {
    return mapQueries;
  }

  /** Heap bytes of the maps' key filters. */
  long filterBytes() {
    long sum = 0;
    for (KeyFilter f : filters) {
      sum += f == null ? 0 : f.bytes();
    }
    return sum;
  }

  /** Serialized key and value bytes written here over the tier's life (what a spill metric counts). */
  long bytesWritten() {
    return keyBytesWritten + valueBytesWritten;
  }

  /** Serialized key and value bytes of the entries here now. */
  long entryBytes() {
    return liveBytes;
  }

  /** Bytes of the open maps' files (Chronicle's {@code offHeapMemoryUsed}: what their creation reserved). */
  long fileBytes() {
    long sum = 0;
    for (ChronicleMap<byte[], byte[]> m : maps) {
      sum += m.isOpen() ? m.offHeapMemoryUsed() : 0;
    }
    return sum;
  }

  int maps() {
    return maps.size();
  }

  /** The maps' files (for tests and leak checks). */
  List<File> files() {
    return List.copyOf(files);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the off-heap tier of " + owner + " is closed (its task has ended)");
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Closes every map (releasing its mapping) and deletes its file; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException first = null;
    for (int i = 0; i < maps.size(); i++) {
      try {
        closeMap(i);
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    liveEntries = 0;
    liveBytes = 0;
    if (first != null) {
      throw first;
    }
  }

  private void closeMap(int i) {
    filters.set(i, null); // read out or closed: its key filter is no longer asked
    try {
      ChronicleMap<byte[], byte[]> m = maps.get(i);
      if (m.isOpen()) {
        m.close();
      }
    } finally {
      deleteQuietly(files.get(i));
    }
  }

  private void deleteQuietly(File f) {
    if (f.exists() && !f.delete()) {
      LOG.warn("{}: could not delete off-heap map file {} ({} bytes); Spark removes it with the local dirs",
          owner, f, f.length());
    }
  }
}

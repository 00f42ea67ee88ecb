package io.spillway.storage.tiered;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.spillway.runtime.pressure.PressureLevel;
import java.io.File;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.spark.serializer.SerializerInstance;

/**
 * A map from serialized keys to values in two tiers: hot entries as objects on the heap (a Caffeine cache
 * bounded by estimated bytes), the rest serialized off heap (Chronicle Maps on memory-mapped files
 * under Spark's local dirs, see {@link OffHeapTier}). Built for reduce-side aggregation: read a key's
 * combiner, merge, write it back, and at the end {@link #drain()} every entry once.
 *
 * <p><b>Pressure.</b> The heap tier's bound follows the executor's pressure level, read before every
 * operation (a volatile read in production: {@code SpillwayRuntime.lastPressureLevel()}): when it rises the
 * bound shrinks ({@link TieredStoreConfig#heapMaxBytesAt}) and Caffeine evicts down to it at once; when it
 * falls the bound grows and entries come back on heap as they are read.
 *
 * <p><b>No entry is lost.</b> Caffeine runs its maintenance on the calling thread (a direct executor) and
 * calls the eviction listener synchronously inside the removal, so an evicted entry is serialized and
 * written off heap before it leaves the cache. Caffeine swallows a listener's exception; this store keeps
 * it and rethrows it from the operation that caused the eviction, after which the store refuses work.
 *
 * <p><b>One tier per key.</b> A read that finds a key off heap removes it there and puts it on heap
 * (promotion, which may evict others); a write removes any off-heap copy first.
 *
 * <p>Task thread only: like Spark's own {@code AppendOnlyMap}, it is not thread-safe. Values must not be
 * null. Key arrays are kept, not copied: a caller must not reuse or change an array it passed. A value read
 * from the store and changed in place must be written back with {@link #put}: off heap it is a serialized
 * copy. For merges prefer {@link #update}, which reads an off-heap value without promoting it first.
 *
 * <p><b>Values too large to tier.</b> A store built with {@link TieredStoreBuilder#maxValueBytes} refuses a value whose
 * estimate is above it ({@link ValueTooLargeException}, the key then in neither tier): one value bigger than
 * what the heap tier may hold would be evicted the moment it is written, so each merge into it would
 * serialize and deserialize all of it, and its off-heap map would have to be sized for it. Such a value is
 * one hot object its owner must hold anyway; the caller keeps it on its own path (aggregation pins it on
 * the heap).
 */
public final class TieredStore<V> implements AutoCloseable {

  /** Heap bytes per entry besides key bytes and value: Caffeine's node, the key wrapper, the array header. */
  static final long ENTRY_OVERHEAD_BYTES = 80;
  /** Further eviction failures kept with the first (the rest are dropped: the first says what broke). */
  static final int MAX_SUPPRESSED_FAILURES = 3;

  private final TieredStoreConfig config;
  private final Supplier<PressureLevel> pressure;
  private final ValueWeigher<V> weigher;
  private final ValueCodec<V> codec;
  private final OffHeapTier offHeap;
  private final String owner;
  private final long maxValueBytes;
  private final Cache<KeyBytes, V> heap;
  private final Policy.Eviction<KeyBytes, V> eviction;

  private PressureLevel appliedLevel;
  /** The key of the last read that found nothing in either tier: a write of it needs no off-heap probe. */
  private KeyBytes lastAbsent;
  private Throwable evictionFailure;
  /**
   * The value a size check just weighed, and its estimate, for Caffeine's weigher in the write that follows
   * (one estimate per write); cleared there, since a combiner changed in place is the same object later.
   */
  private Object checkedValue;
  private long checkedValueBytes;
  private boolean draining;
  private boolean closed;

  private long heapHits;
  private long offHeapHits;
  private long misses;
  private long evictions;

  TieredStore(TieredStoreBuilder<V> b) {
    this.config = b.config;
    this.pressure = b.pressure;
    this.weigher = b.weigher;
    this.codec = new ValueCodec<>(b.serializer);
    this.owner = b.owner;
    this.maxValueBytes = b.maxValueBytes;
    this.offHeap = new OffHeapTier(b.files, b.mapFileCreator, config.firstMapEntries(), owner);
    this.appliedLevel = pressure.get();
    this.heap = Caffeine.newBuilder()
        .executor(Runnable::run)
        .maximumWeight(config.heapMaxBytesAt(appliedLevel))
        .<KeyBytes, V>weigher((k, v) -> weight(k, v))
        .evictionListener((KeyBytes k, V v, RemovalCause cause) -> onEvicted(k, v, cause))
        .build();
    this.eviction = heap.policy().eviction().orElseThrow();
  }

  /** A builder; {@link TieredStores#open} is the production entry point (availability probe, task cleanup). */
  public static <V> TieredStoreBuilder<V> builder() {
    return new TieredStoreBuilder<>();
  }

  private int weight(KeyBytes k, V v) {
    long w = ENTRY_OVERHEAD_BYTES + k.bytes().length + valueBytes(v);
    return (int) Math.min(Integer.MAX_VALUE, w);
  }

  private long valueBytes(V v) {
    if (v == checkedValue) {
      checkedValue = null;
      return checkedValueBytes;
    }
    return weigher.estimateBytes(v);
  }

  /** Throws (leaving {@code k} in neither tier) when {@code value} is above {@link TieredStoreBuilder#maxValueBytes}. */
  private void checkValueSize(KeyBytes k, V value) {
    if (maxValueBytes == Long.MAX_VALUE) {
      return;
    }
    long bytes = weigher.estimateBytes(value);
    checkedValue = value;
    checkedValueBytes = bytes;
    if (bytes > maxValueBytes) {
      checkedValue = null;
      heap.invalidate(k); // an explicit removal: nothing written off heap
      throw new ValueTooLargeException(owner, value, bytes, maxValueBytes);
    }
  }

  private void onEvicted(KeyBytes k, V v, RemovalCause cause) {
    if (closed || !cause.wasEvicted() || k == null || v == null) {
      return;
    }
    try {
      offHeap.put(k, codec.encode(v));
      evictions++;
    } catch (Throwable t) { // Caffeine would log and swallow it: keep it for the caller
      if (evictionFailure == null) {
        evictionFailure = t;
      } else if (t instanceof VirtualMachineError && !(evictionFailure instanceof VirtualMachineError)) {
        t.addSuppressed(evictionFailure); // an OutOfMemoryError goes first: after() rethrows it as itself
        evictionFailure = t;
      } else if (evictionFailure.getSuppressed().length < MAX_SUPPRESSED_FAILURES) {
        evictionFailure.addSuppressed(t); // a few, not one per eviction: each carries a deep stack
      }
    }
  }

  /** The value of {@code key}, or null; a value found off heap moves back on heap. */
  public V getOrNull(byte[] key) {
    before();
    KeyBytes k = new KeyBytes(key);
    V v = heap.getIfPresent(k);
    if (v != null) {
      heapHits++;
      return v;
    }
    byte[] off = offHeap.removeOrNull(k);
    if (off == null) {
      misses++;
      lastAbsent = k;
      return null;
    }
    offHeapHits++;
    V value = codec.decode(off);
    heap.put(k, value);
    after();
    return value;
  }

  /** Sets {@code key}'s value (on heap; it may be evicted off heap at once if the heap tier's bound is small). */
  public void put(byte[] key, V value) {
    put(new KeyBytes(key), value);
  }

  private void put(KeyBytes k, V value) {
    Objects.requireNonNull(value, "value");
    before();
    if (!k.equals(lastAbsent) && offHeap.entries() > 0 && !heap.asMap().containsKey(k)) {
      offHeap.removeOrNull(k);
    }
    lastAbsent = null;
    checkValueSize(k, value);
    try {
      heap.put(k, value);
    } finally {
      checkedValue = null;
    }
    after();
  }

  /**
   * Replaces {@code key}'s value by {@code update(old)} ({@code old} null when absent), like Spark's
   * {@code AppendOnlyMap.changeValue}; returns the new value.
   *
   * @throws ValueTooLargeException when the new value is above {@link TieredStoreBuilder#maxValueBytes}; it carries the
   *     new value, and the key is then in neither tier
   */
  public V update(byte[] key, UnaryOperator<V> update) {
    before();
    KeyBytes k = new KeyBytes(key);
    V old = heap.getIfPresent(k);
    boolean tookOffHeap = false;
    if (old != null) {
      heapHits++;
    } else {
      // not promoted first (unlike getOrNull): the new value goes on heap once, below
      byte[] off = offHeap.removeOrNull(k);
      if (off == null) {
        misses++;
      } else {
        offHeapHits++;
        tookOffHeap = true;
        old = codec.decode(off);
      }
    }
    V next;
    try {
      next = Objects.requireNonNull(update.apply(old), "update returned null");
    } catch (RuntimeException | Error e) {
      if (tookOffHeap) {
        heap.put(k, old); // the key left the off-heap tier: keep its old value
        after();
      }
      throw e;
    }
    if (!heap.asMap().containsKey(k)) {
      lastAbsent = k; // in neither tier now: put need not probe the off-heap maps
    }
    put(k, next); // the same KeyBytes: its hash is computed once per update
    return next;
  }

  /**
   * Every entry once, heap tier first, removing each as it is returned (heap entries leave the cache, each
   * off-heap map is closed and its file deleted once read): the end of an aggregation, which frees memory
   * and disk while the caller consumes. The store takes no other operation afterwards except
   * {@link #stats()} and {@link #close()}.
   */
  public Iterator<Map.Entry<byte[], V>> drain() {
    before();
    draining = true;
    Iterator<Map.Entry<KeyBytes, V>> onHeap = heap.asMap().entrySet().iterator();
    Iterator<Map.Entry<byte[], byte[]>> offHeapEntries = offHeap.drain();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        checkOpen();
        return onHeap.hasNext() || offHeapEntries.hasNext();
      }

      @Override
      public Map.Entry<byte[], V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        if (onHeap.hasNext()) {
          Map.Entry<KeyBytes, V> e = onHeap.next();
          onHeap.remove(); // an explicit removal: no eviction listener, nothing written off heap
          return new SimpleImmutableEntry<>(e.getKey().bytes(), e.getValue());
        }
        Map.Entry<byte[], byte[]> e = offHeapEntries.next();
        return new SimpleImmutableEntry<>(e.getKey(), codec.decode(e.getValue()));
      }
    };
  }

  /** Entries in both tiers. */
  public long size() {
    return heap.estimatedSize() + offHeap.entries();
  }

  public TieredStoreStats stats() {
    return new TieredStoreStats(heapHits, offHeapHits, misses, evictions, heap.estimatedSize(),
        eviction.weightedSize().orElse(0L), eviction.getMaximum(), offHeap.entries(), offHeap.entryBytes(),
        offHeap.fileBytes(), offHeap.maps(), offHeap.bytesWritten());
  }

  /** The off-heap maps' files, deleted or not (for tests and leak checks). */
  java.util.List<File> offHeapFiles() {
    return offHeap.files();
  }

  private void before() {
    checkOpen();
    if (draining) {
      throw new IllegalStateException("tiered store of " + owner + " is being drained: no reads or writes");
    }
    PressureLevel level = pressure.get();
    if (level != appliedLevel) {
      appliedLevel = level;
      eviction.setMaximum(config.heapMaxBytesAt(level)); // evicts down to the new bound now, on this thread
      after();
    }
  }

  private void after() {
    if (evictionFailure != null) {
      closed = true;
      if (evictionFailure instanceof VirtualMachineError vmError) {
        throw vmError; // an OutOfMemoryError stays one: Spark's handler must see it, not a wrapper
      }
      throw new IllegalStateException("tiered store of " + owner + ": an entry evicted from the heap tier could not be "
          + "written off heap, so the store is unusable (" + offHeap.entries() + " entries off heap; nothing more is "
          + "read back, the task fails and Spark retries it): " + evictionFailure.getMessage(), evictionFailure);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("tiered store of " + owner + " is closed (its task has ended)", evictionFailure);
    }
  }

  /** Drops the heap tier, closes the off-heap maps and deletes their files. Idempotent; any thread after the task's. */
  @Override
  public void close() {
    if (closed && offHeap.isClosed()) {
      return;
    }
    closed = true;
    try {
      heap.invalidateAll();
      heap.cleanUp();
    } finally {
      offHeap.close();
    }
  }
}

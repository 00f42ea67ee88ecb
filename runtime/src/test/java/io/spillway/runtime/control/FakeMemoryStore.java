package io.spillway.runtime.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.memory.MemoryManager;
import org.apache.spark.memory.MemoryMode;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.RDDBlockId;
import org.apache.spark.storage.memory.MemoryStore;
import scala.Option;

/**
 * A {@link MemoryStore} whose blocks are only sizes, with Spark's eviction contract: least recently
 * cached first, all-or-nothing, pinned blocks skipped (as blocks it cannot write-lock are), and each
 * evicted block's bytes released to the memory manager as {@code BlockManager.dropFromMemory} does.
 */
final class FakeMemoryStore extends MemoryStore {

  private final MemoryManager mm;
  private final Map<BlockId, Long> blocks = new LinkedHashMap<>();
  private final List<BlockId> pinned = new ArrayList<>();
  final List<BlockId> evicted = new ArrayList<>();

  FakeMemoryStore(MemoryManager mm) {
    super(new SparkConf(false), null, null, mm, null);
    this.mm = mm;
    mm.setMemoryStore(this);
  }

  /** Caches an RDD block of {@code bytes} through the manager (which may evict older blocks). */
  boolean cache(int index, long bytes) {
    BlockId id = new RDDBlockId(1, index);
    if (!mm.acquireStorageMemory(id, bytes, MemoryMode.ON_HEAP)) {
      return false;
    }
    synchronized (mm) {
      blocks.put(id, bytes);
    }
    return true;
  }

  void pin(int index) {
    pinned.add(new RDDBlockId(1, index));
  }

  List<BlockId> cached() {
    synchronized (mm) {
      return List.copyOf(blocks.keySet());
    }
  }

  @Override
  public long evictBlocksToFreeSpace(Option<BlockId> blockId, long space, MemoryMode memoryMode) {
    synchronized (mm) {
      List<BlockId> selected = new ArrayList<>();
      long freed = 0;
      for (Map.Entry<BlockId, Long> e : blocks.entrySet()) {
        if (freed >= space) {
          break;
        }
        if (!pinned.contains(e.getKey())) {
          selected.add(e.getKey());
          freed += e.getValue();
        }
      }
      if (freed < space) {
        return 0L;
      }
      for (BlockId id : selected) {
        mm.releaseStorageMemory(blocks.remove(id), MemoryMode.ON_HEAP);
        evicted.add(id);
      }
      return freed;
    }
  }
}

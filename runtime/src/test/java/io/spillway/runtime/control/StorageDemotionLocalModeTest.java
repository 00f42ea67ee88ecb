package io.spillway.runtime.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.compat.MemoryPools;
import io.spillway.runtime.compat.MemoryPoolsCompat;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManager;
import org.apache.spark.storage.BlockStatus;
import org.apache.spark.storage.RDDBlockId;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.storage.memory.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@link StorageDemotion} against Spark's real {@link UnifiedMemoryManager}, {@code MemoryStore},
 * {@code DiskStore} and {@code BlockManager}: two cached RDDs, the level driven HIGH → CRITICAL → NORMAL by
 * calling {@link StorageDemotion#onLevel} directly (no GC, no monitor, no plugin), and the manager's pool
 * invariants checked after every step by {@link #assertPoolInvariants}.
 *
 * <p>Why a local-mode SparkContext rather than Spark's objects built by hand: the point is the eviction
 * path {@code FakeMemoryStore} stubs out in {@link StorageDemotionTest} — {@code MemoryStore}'s LRU walk,
 * its non-blocking write locks from the {@code BlockInfoManager}, {@code BlockManager.dropFromMemory}
 * writing {@code MEMORY_AND_DISK} blocks to the {@code DiskStore} and forgetting {@code MEMORY_ONLY} ones,
 * and the release of their bytes to the manager. Building that graph by hand means a block manager,
 * a disk block manager, a serializer manager and a map-output tracker: what {@code SparkEnv} already wires
 * for {@code local[1]}. The Spillway plugin is not installed, so no controller moves the pools behind the
 * test's back; the context cleaner is off, so no broadcast is removed between two checks; block state is
 * read from the {@code BlockManager} ({@code getStatus}, synchronous) rather than from
 * {@code getRDDStorageInfo}, whose status store the listener bus updates asynchronously and at most every
 * {@code spark.ui.liveUpdate.period}.
 *
 * <p>Sizes ({@code spark.testing.memory} 64 MiB, no reserved memory): unified memory 38.4 MiB, storage
 * region 19.2 MiB, so the HIGH target is 9.6 MiB and the CRITICAL target 0. {@code MEMORY_ONLY} holds
 * 4 × 1 MiB, cached first (least recently used); {@code MEMORY_AND_DISK} 4 × 3 MiB, cached second. Used
 * storage is ~16 MiB, under the region even while the last block unrolls (3 MiB), so storage borrows
 * nothing from execution. At HIGH the pool shrinks by 9.6 MiB: 3.2 MiB free storage and ≥ 6.4 MiB
 * evicted, which is all of {@code MEMORY_ONLY} (4 MiB) plus at least one, and at most three, 3 MiB
 * {@code MEMORY_AND_DISK} blocks — both kinds of eviction happen at HIGH with MiBs of margin either way.
 */
class StorageDemotionLocalModeTest {

  private static final long MIB = 1L << 20;
  private static final int PARTITIONS = 4;
  /** Longs per cached row: a 64 KiB array, so a partition's unroll memory grows in small steps. */
  private static final int ROW_LONGS = 8192;
  /** Rows per {@code MEMORY_ONLY} partition: 1 MiB. */
  private static final int MEMORY_ONLY_ROWS = 16;
  /** Rows per {@code MEMORY_AND_DISK} partition: 3 MiB, so the RDD (12 MiB) exceeds the HIGH target alone. */
  private static final int MEMORY_AND_DISK_ROWS = 48;

  private JavaSparkContext jsc;
  private UnifiedMemoryManager mm;
  private BlockManager blocks;
  private long maxHeapBytes;
  private long regionBytes;
  private StorageDemotion demotion;

  @BeforeEach
  void start() {
    SparkConf conf = new SparkConf(false)
        .setMaster("local[1]")
        .setAppName("spillway-storage-demotion-test")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "localhost")
        .set("spark.testing.memory", Long.toString(64 * MIB))
        .set("spark.testing.reservedMemory", "0")
        .set("spark.cleaner.referenceTracking", "false");
    jsc = new JavaSparkContext(conf);
    mm = (UnifiedMemoryManager) SparkEnv.get().memoryManager();
    blocks = SparkEnv.get().blockManager();
    maxHeapBytes = mm.maxHeapMemory();
    regionBytes = MemoryPoolsCompat.storageRegionBytes(mm);
    demotion = new StorageDemotion(() -> Optional.of(MemoryPools.of(mm)), 0.5, 0.0);
  }

  @AfterEach
  void stop() {
    jsc.stop();
  }

  @Test
  void onLevel_highCriticalNormal_demotesCachedBlocksThenRestoresTheRegion() {
    JavaRDD<long[]> memoryOnly = rows(MEMORY_ONLY_ROWS).persist(StorageLevel.MEMORY_ONLY());
    JavaRDD<long[]> memoryAndDisk = rows(MEMORY_AND_DISK_ROWS).persist(StorageLevel.MEMORY_AND_DISK());
    assertThat(memoryOnly.count()).isEqualTo((long) PARTITIONS * MEMORY_ONLY_ROWS);
    assertThat(memoryAndDisk.count()).isEqualTo((long) PARTITIONS * MEMORY_AND_DISK_ROWS);

    assertPoolInvariants("cached");
    assertThat(regionBytes).isEqualTo((long) (maxHeapBytes * 0.5));
    assertThat(storagePoolBytes()).as("storage borrowed nothing from execution").isEqualTo(regionBytes);
    assertThat(memoryBytes(memoryOnly)).isGreaterThanOrEqualTo(PARTITIONS * MIB);
    assertThat(memoryBytes(memoryAndDisk)).isGreaterThanOrEqualTo(3 * PARTITIONS * MIB);
    assertThat(diskBytes(memoryAndDisk)).isZero();
    long memoryAndDiskCachedBytes = memoryBytes(memoryAndDisk);

    // HIGH: pool to region × 0.5, LRU eviction: MEMORY_ONLY dropped, some MEMORY_AND_DISK blocks to disk
    Optional<ActionStep> high = demotion.onLevel(PressureLevel.HIGH, PressureSnapshot.IDLE);
    assertPoolInvariants("HIGH");
    assertThat(high).get().extracting(ActionStep::engaged).isEqualTo(true);
    assertThat(storagePoolBytes()).isLessThanOrEqualTo(regionBytes / 2);
    assertThat(presentBlocks(memoryOnly)).as("MEMORY_ONLY blocks left at HIGH").isZero();
    assertThat(diskBytes(memoryAndDisk)).isPositive();
    assertThat(memoryBytes(memoryAndDisk)).isPositive().isLessThan(memoryAndDiskCachedBytes);
    assertEveryBlockInMemoryOrOnDisk(memoryAndDisk);

    // CRITICAL: pool to 0, every remaining block leaves memory
    Optional<ActionStep> critical = demotion.onLevel(PressureLevel.CRITICAL, PressureSnapshot.IDLE);
    assertPoolInvariants("CRITICAL");
    assertThat(critical).get().extracting(ActionStep::engaged).isEqualTo(true);
    assertThat(storagePoolBytes()).isZero();
    assertThat(mm.storageMemoryUsed()).isZero();
    assertThat(presentBlocks(memoryOnly)).isZero();
    assertThat(memoryBytes(memoryAndDisk)).isZero();
    assertThat(diskBytes(memoryAndDisk)).isPositive();
    assertEveryBlockInMemoryOrOnDisk(memoryAndDisk);
    assertThat(demotion.state()).as("bytes lent to execution").isEqualTo(regionBytes);

    // NORMAL with execution holding nothing: everything lent comes back, exactly up to the region
    Optional<ActionStep> normal = demotion.onLevel(PressureLevel.NORMAL, PressureSnapshot.IDLE);
    assertPoolInvariants("NORMAL");
    assertThat(normal).get().extracting(ActionStep::engaged).isEqualTo(false);
    assertThat(mm.executionMemoryUsed()).isZero();
    assertThat(storagePoolBytes()).isEqualTo(regionBytes);
    assertThat(demotion.state()).isZero();
    assertThat(demotion.wantsRetry()).isFalse();

    // the data survives: MEMORY_ONLY recomputed from its lineage, MEMORY_AND_DISK read back from disk
    assertThat(sumOfAllLongs(memoryOnly)).isEqualTo(expectedSum(MEMORY_ONLY_ROWS));
    assertThat(sumOfAllLongs(memoryAndDisk)).isEqualTo(expectedSum(MEMORY_AND_DISK_ROWS));
    assertPoolInvariants("after reading both RDDs again");
    assertThat(presentBlocks(memoryOnly)).as("MEMORY_ONLY cached again when recomputed").isEqualTo(PARTITIONS);
  }

  /**
   * UnifiedMemoryManager's invariants, and Spillway's ceiling on the way back: the two on-heap pools
   * add up to the manager's max heap memory; neither uses more than its size; the storage pool never
   * exceeds its configured region (nothing in this test makes storage borrow); the manager's used bytes
   * are its pools' and, with no task running, storage used is exactly the memory store's blocks.
   */
  private void assertPoolInvariants(String step) {
    synchronized (mm) {
      long storagePool = mm.onHeapStorageMemoryPool().poolSize();
      long executionPool = mm.onHeapExecutionMemoryPool().poolSize();
      long storageUsed = mm.onHeapStorageMemoryPool().memoryUsed();
      long executionUsed = mm.onHeapExecutionMemoryPool().memoryUsed();
      assertThat(storagePool + executionPool).as("%s: storage pool + execution pool == max heap memory", step)
          .isEqualTo(maxHeapBytes);
      assertThat(storageUsed).as("%s: storage used <= storage pool", step).isLessThanOrEqualTo(storagePool);
      assertThat(executionUsed).as("%s: execution used <= execution pool", step).isLessThanOrEqualTo(executionPool);
      assertThat(storagePool).as("%s: storage pool <= configured region", step).isLessThanOrEqualTo(regionBytes);
      assertThat(storagePool).as("%s: storage pool >= 0", step).isNotNegative();
      assertThat(mm.storageMemoryUsed()).as("%s: manager's storage used == pool's", step).isEqualTo(storageUsed);
      assertThat(mm.executionMemoryUsed()).as("%s: manager's execution used == pool's", step).isEqualTo(executionUsed);
      assertThat(storageUsed).as("%s: storage used == memory store's blocks (no unroll in flight)", step)
          .isEqualTo(memoryStoreBlockBytes());
    }
  }

  private long memoryStoreBlockBytes() {
    MemoryStore store = blocks.memoryStore();
    long sum = 0;
    // distinct: the block manager lists a block that is in memory and on disk twice
    for (BlockId id : new HashSet<>(CollectionConverters.asJava(blocks.getMatchingBlockIds(b -> true)))) {
      if (store.contains(id)) {
        sum += store.getSize(id);
      }
    }
    return sum + store.currentUnrollMemory();
  }

  private long storagePoolBytes() {
    return MemoryPoolsCompat.storagePoolBytes(mm);
  }

  private Option<BlockStatus> status(JavaRDD<?> rdd, int partition) {
    return blocks.getStatus(new RDDBlockId(rdd.id(), partition));
  }

  private long memoryBytes(JavaRDD<?> rdd) {
    return IntStream.range(0, PARTITIONS).mapToLong(p -> {
      Option<BlockStatus> s = status(rdd, p);
      return s.isDefined() ? s.get().memSize() : 0L;
    }).sum();
  }

  private long diskBytes(JavaRDD<?> rdd) {
    return IntStream.range(0, PARTITIONS).mapToLong(p -> {
      Option<BlockStatus> s = status(rdd, p);
      return s.isDefined() ? s.get().diskSize() : 0L;
    }).sum();
  }

  /** Partitions the block manager still knows of (in memory or on disk). */
  private long presentBlocks(JavaRDD<?> rdd) {
    return IntStream.range(0, PARTITIONS).filter(p -> status(rdd, p).isDefined()).count();
  }

  /** A MEMORY_AND_DISK block is never lost by eviction: each partition is in memory or on disk. */
  private void assertEveryBlockInMemoryOrOnDisk(JavaRDD<?> rdd) {
    for (int p = 0; p < PARTITIONS; p++) {
      BlockStatus s = status(rdd, p).get();
      assertThat(s.memSize() > 0 || s.diskSize() > 0).as("partition %s of rdd %s: %s", p, rdd.id(), s).isTrue();
    }
  }

  /** {@code PARTITIONS × rowsPerPartition} rows; row {@code i} is a 64 KiB array filled with {@code i}. */
  private JavaRDD<long[]> rows(int rowsPerPartition) {
    int rowCount = PARTITIONS * rowsPerPartition;
    return jsc.parallelize(IntStream.range(0, rowCount).boxed().toList(), PARTITIONS).map(i -> {
      long[] row = new long[ROW_LONGS];
      Arrays.fill(row, i);
      return row;
    });
  }

  private static long sumOfAllLongs(JavaRDD<long[]> rdd) {
    return rdd.map(row -> Arrays.stream(row).sum()).reduce(Long::sum);
  }

  /** {@code ROW_LONGS × (0 + 1 + … + rows − 1)} for {@code rows = PARTITIONS × rowsPerPartition}. */
  private static long expectedSum(int rowsPerPartition) {
    long rowCount = (long) PARTITIONS * rowsPerPartition;
    return ROW_LONGS * rowCount * (rowCount - 1) / 2;
  }
}

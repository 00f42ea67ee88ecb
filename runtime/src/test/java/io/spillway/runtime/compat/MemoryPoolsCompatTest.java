package io.spillway.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.apache.spark.memory.UnmanagedMemoryConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryPoolsCompatTest {

  private final UnifiedMemoryManager mm = new UnifiedMemoryManager(new SparkConf(false), 1000, 400, 1);

  @AfterEach
  void clearSparkRegistry() {
    UnifiedMemoryManager.clearUnmanagedMemoryUsers();
  }

  @Test
  void storageRegionBytes_readsTheConstructorRegion() {
    assertThat(MemoryPoolsCompat.storageRegionBytes(mm)).isEqualTo(400);
  }

  @Test
  void storageRegionBytes_fromConf_isMaxMemoryTimesStorageFraction() {
    SparkConf conf = new SparkConf(false).set("spark.memory.storageFraction", "0.25")
        .set("spark.testing.memory", Long.toString(1000L * 1024 * 1024));
    UnifiedMemoryManager fromConf = UnifiedMemoryManager.apply(conf, 1);
    long maxMemory = fromConf.onHeapExecutionMemoryPool().poolSize() + fromConf.onHeapStorageMemoryPool().poolSize();

    assertThat(MemoryPoolsCompat.storageRegionBytes(fromConf)).isEqualTo((long) (maxMemory * 0.25));
  }

  @Test
  void moveExecutionToStorage_neverAboveCeiling() {
    long moved = MemoryPoolsCompat.moveExecutionToStorage(mm, 500, 450);

    assertThat(moved).isEqualTo(50);
    assertThat(MemoryPoolsCompat.storagePoolBytes(mm)).isEqualTo(450);
  }

  @Test
  void moveStorageToExecution_zeroOrNegative_movesNothing() {
    assertThat(MemoryPoolsCompat.moveStorageToExecution(mm, 0)).isZero();
    assertThat(MemoryPoolsCompat.moveStorageToExecution(mm, -5)).isZero();
    assertThat(MemoryPoolsCompat.storagePoolBytes(mm)).isEqualTo(400);
  }

  @Test
  void registerOnHeap_sparkSeesTheBytesUntilClosed() {
    UnmanagedMemoryCompat.Registration r = UnmanagedMemoryCompat.registerOnHeap("test", () -> 4242L);

    assertThat(UnifiedMemoryManager.getMemoryByComponentType(UnmanagedMemoryCompat.COMPONENT_TYPE)).isEqualTo(4242L);
    assertThat(((UnmanagedMemoryConsumer) r).getMemBytesUsed()).isEqualTo(4242L);

    r.close();

    assertThat(((UnmanagedMemoryConsumer) r).getMemBytesUsed()).as("-1 tells Spark's poller to drop it").isEqualTo(-1L);
  }

  @Test
  void registerOnHeap_negativeSupplier_reportsZero() {
    UnmanagedMemoryCompat.Registration r = UnmanagedMemoryCompat.registerOnHeap("negative", () -> -10L);
    assertThat(((UnmanagedMemoryConsumer) r).getMemBytesUsed()).isZero();
    r.close();
  }

  @Test
  void unmanagedCeilingBytes_isHalfOfUnifiedMemoryNotUsedByStorage() {
    assertThat(MemoryPoolsCompat.unmanagedCeilingBytes(mm)).isEqualTo(500);
    mm.acquireStorageMemory(new org.apache.spark.storage.TestBlockId("b"), 200, org.apache.spark.memory.MemoryMode.ON_HEAP);

    assertThat(MemoryPoolsCompat.unmanagedCeilingBytes(mm)).isEqualTo(400);
  }
}

package io.spillway.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.junit.jupiter.api.Test;

class MemoryPoolsCompatTest {

  private final UnifiedMemoryManager mm = new UnifiedMemoryManager(new SparkConf(false), 1000, 400, 1);

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
  void unmanagedCeilingBytes_isHalfOfUnifiedMemoryNotUsedByStorage() {
    assertThat(MemoryPoolsCompat.unmanagedCeilingBytes(mm)).isEqualTo(500);
    mm.acquireStorageMemory(new org.apache.spark.storage.TestBlockId("b"), 200, org.apache.spark.memory.MemoryMode.ON_HEAP);

    assertThat(MemoryPoolsCompat.unmanagedCeilingBytes(mm)).isEqualTo(400);
  }
}

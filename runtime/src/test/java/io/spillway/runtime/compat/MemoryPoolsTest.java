package io.spillway.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.junit.jupiter.api.Test;

/** The handle reads and moves the wrapped manager's pools (the moves themselves: {@link MemoryPoolsCompatTest}). */
class MemoryPoolsTest {

  private final UnifiedMemoryManager mm = new UnifiedMemoryManager(new SparkConf(false), 1000, 400, 1);
  private final MemoryPools pools = MemoryPools.of(mm);

  @Test
  void reads_theWrappedManagersPools() {
    assertThat(pools.storageRegionBytes()).isEqualTo(400);
    assertThat(pools.storagePoolBytes()).isEqualTo(mm.onHeapStorageMemoryPool().poolSize());
    assertThat(pools.unifiedBytes()).isEqualTo(1000);
    assertThat(pools.onHeapUsedBytes()).isZero();
  }

  @Test
  void moves_changeTheWrappedManager() {
    long storageBefore = pools.storagePoolBytes();

    long moved = pools.moveStorageToExecution(100);

    assertThat(moved).isEqualTo(100);
    assertThat(mm.onHeapStorageMemoryPool().poolSize()).isEqualTo(storageBefore - 100);
    assertThat(pools.moveExecutionToStorage(100, storageBefore)).isEqualTo(100);
    assertThat(mm.onHeapStorageMemoryPool().poolSize()).isEqualTo(storageBefore);
  }

  @Test
  void ofSparkEnv_localContext_wrapsItsUnifiedMemoryManager() {
    SparkContext sc = new SparkContext(new SparkConf().setMaster("local[1]").setAppName("memory-pools")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1"));
    try {
      UnifiedMemoryManager envManager = (UnifiedMemoryManager) SparkEnv.get().memoryManager();

      MemoryPools envPools = MemoryPools.ofSparkEnv().orElseThrow();

      assertThat(envPools.storagePoolBytes()).isEqualTo(envManager.onHeapStorageMemoryPool().poolSize());
      // maxOnHeapStorageMemory is the unified memory less what execution uses
      assertThat(envPools.unifiedBytes())
          .isEqualTo(envManager.maxOnHeapStorageMemory() + envManager.onHeapExecutionMemoryPool().memoryUsed());
    } finally {
      sc.stop();
    }
  }
}

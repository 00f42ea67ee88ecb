package io.spillway.runtime.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.apache.spark.memory.UnifiedMemoryManager;
import org.apache.spark.memory.UnmanagedMemoryConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The unmanaged-memory shim on whichever Spark line the tests run against (CI runs them on 4.0, 4.1 and
 * 4.2): the 4.1 API is used where it exists, and on 4.0 the shim says it is absent instead of failing to link.
 */
class UnmanagedMemoryCompatTest {

  @AfterEach
  void clearSparkRegistry() {
    if (UnmanagedMemoryCompat.available()) {
      UnifiedMemoryManager.clearUnmanagedMemoryUsers();
    }
  }

  @Test
  void available_exactlyFromSpark41() {
    assertThat(UnmanagedMemoryCompat.available()).isEqualTo(SparkVersion.running().atLeast(4, 1));
  }

  @Test
  void registerOnHeap_sparkSeesTheBytesUntilClosed() {
    assumeTrue(UnmanagedMemoryCompat.available(), "Spark 4.1+ only");
    UnmanagedMemoryCompat.Registration r = UnmanagedMemoryCompat.registerOnHeap("test", () -> 4242L);

    assertThat(UnifiedMemoryManager.getMemoryByComponentType(UnmanagedMemoryCompat.COMPONENT_TYPE)).isEqualTo(4242L);
    assertThat(((UnmanagedMemoryConsumer) r).getMemBytesUsed()).isEqualTo(4242L);

    r.close();

    assertThat(((UnmanagedMemoryConsumer) r).getMemBytesUsed()).as("-1 tells Spark's poller to drop it").isEqualTo(-1L);
  }

  @Test
  void registerOnHeap_negativeSupplier_reportsZero() {
    assumeTrue(UnmanagedMemoryCompat.available(), "Spark 4.1+ only");
    UnmanagedMemoryCompat.Registration r = UnmanagedMemoryCompat.registerOnHeap("negative", () -> -10L);
    assertThat(((UnmanagedMemoryConsumer) r).getMemBytesUsed()).isZero();
    r.close();
  }

  @Test
  void registerOnHeap_sparkWithoutTheApi_throwsNamingTheVersion() {
    assumeFalse(UnmanagedMemoryCompat.available(), "Spark 4.0 only");
    assertThatThrownBy(() -> UnmanagedMemoryCompat.registerOnHeap("test", () -> 1L))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining(SparkVersion.running().text()).hasMessageContaining("4.1");
  }
}

package io.spillway.runtime.control;

import static io.spillway.runtime.pressure.PressureLevel.CRITICAL;
import static io.spillway.runtime.pressure.PressureLevel.ELEVATED;
import static io.spillway.runtime.pressure.PressureLevel.HIGH;
import static io.spillway.runtime.pressure.PressureLevel.NORMAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spillway.runtime.compat.MemoryPools;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.memory.MemoryMode;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.apache.spark.storage.RDDBlockId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Storage demotion against a real {@link UnifiedMemoryManager} (1000 bytes, storage region 500), checking
 * its pool invariant after every step.
 */
class StorageDemotionTest {

  private static final long MAX_HEAP_BYTES = 1000;
  private static final long REGION_BYTES = 500;
  private static final long TASK = 1L;

  private final UnifiedMemoryManager mm = new UnifiedMemoryManager(new SparkConf(false), MAX_HEAP_BYTES, REGION_BYTES, 1);
  private final FakeMemoryStore store = new FakeMemoryStore(mm);
  private final StorageDemotion demotion = new StorageDemotion(() -> Optional.of(MemoryPools.of(mm)), 0.5, 0.0);

  @AfterEach
  void invariantHolds() {
    assertInvariant();
  }

  private void assertInvariant() {
    assertThat(mm.onHeapExecutionMemoryPool().poolSize() + mm.onHeapStorageMemoryPool().poolSize())
        .as("execution pool + storage pool == max heap memory")
        .isEqualTo(MAX_HEAP_BYTES);
    assertThat(mm.onHeapStorageMemoryPool().memoryUsed()).isLessThanOrEqualTo(mm.onHeapStorageMemoryPool().poolSize());
    assertThat(mm.onHeapExecutionMemoryPool().memoryUsed()).isLessThanOrEqualTo(mm.onHeapExecutionMemoryPool().poolSize());
  }

  private Optional<ActionStep> at(PressureLevel level) {
    Optional<ActionStep> step = demotion.onLevel(level, PressureSnapshot.IDLE);
    assertInvariant();
    return step;
  }

  private long storagePool() {
    return mm.onHeapStorageMemoryPool().poolSize();
  }

  @Test
  void onLevel_highWithFreeStorage_movesHalfTheRegionToExecutionWithoutEvicting() {
    Optional<ActionStep> step = at(HIGH);

    assertThat(storagePool()).isEqualTo(250);
    assertThat(mm.onHeapExecutionMemoryPool().poolSize()).isEqualTo(750);
    assertThat(store.evicted).isEmpty();
    assertThat(step).get().extracting(ActionStep::engaged).isEqualTo(true);
    assertThat(demotion.state()).isEqualTo(250);
  }

  @Test
  void onLevel_highWithCachedBlocks_evictsOldestFirstWholeBlocks() {
    for (int i = 0; i < 4; i++) {
      assertThat(store.cache(i, 100)).isTrue();
    }

    Optional<ActionStep> step = at(HIGH); // shrink by 250: 100 free + 150 by eviction → two whole 100-byte blocks

    assertThat(step).contains(ActionStep.engaged("storage pool 500 bytes -> 200 bytes (target 250 bytes, region 500 bytes): "
        + "300 bytes to execution, cached blocks evicted beyond free storage"));
    assertThat(store.evicted).containsExactly(new RDDBlockId(1, 0), new RDDBlockId(1, 1));
    assertThat(store.cached()).containsExactly(new RDDBlockId(1, 2), new RDDBlockId(1, 3));
    assertThat(storagePool()).isEqualTo(200);
    assertThat(demotion.state()).isEqualTo(300);
  }

  @Test
  void onLevel_criticalThenNormal_evictsEverythingThenRestoresTheRegion() {
    store.cache(0, 200);
    store.cache(1, 200);

    at(HIGH);
    at(CRITICAL);
    assertThat(storagePool()).isZero();
    assertThat(store.cached()).isEmpty();

    Optional<ActionStep> undo = at(NORMAL);

    assertThat(storagePool()).isEqualTo(REGION_BYTES);
    assertThat(undo).get().extracting(ActionStep::engaged).isEqualTo(false);
    assertThat(demotion.state()).isZero();
    assertThat(demotion.wantsRetry()).isFalse();
  }

  @Test
  void onLevel_storageHadBorrowedBeyondRegion_restoresOnlyUpToRegion() {
    for (int i = 0; i < 7; i++) {
      assertThat(store.cache(i, 100)).isTrue(); // 700: storage borrowed 200 from execution
    }
    assertThat(storagePool()).isEqualTo(700);

    at(HIGH);
    assertThat(storagePool()).isLessThanOrEqualTo(250);
    at(ELEVATED);

    assertThat(storagePool()).isEqualTo(REGION_BYTES);
    assertThat(demotion.state()).isZero();
  }

  @Test
  void onLevel_restoreWhileExecutionHoldsMemory_restoresWhatIsFreeAndRetriesLater() {
    at(CRITICAL); // storage 0, execution 1000
    assertThat(mm.acquireExecutionMemory(900, TASK, MemoryMode.ON_HEAP)).isEqualTo(900);

    at(NORMAL);
    assertThat(storagePool()).isEqualTo(100);
    assertThat(demotion.state()).isEqualTo(400);
    assertThat(demotion.wantsRetry()).isTrue();

    mm.releaseExecutionMemory(900, TASK, MemoryMode.ON_HEAP);
    at(NORMAL);

    assertThat(storagePool()).isEqualTo(REGION_BYTES);
    assertThat(demotion.wantsRetry()).isFalse();
  }

  @Test
  void onLevel_pinnedBlocks_movesOnlyWhatCanBeFreed() {
    store.cache(0, 250);
    store.cache(1, 250);
    store.pin(0);
    store.pin(1);

    Optional<ActionStep> step = at(HIGH);

    assertThat(step).isEmpty();
    assertThat(store.evicted).isEmpty();
    assertThat(storagePool()).isEqualTo(REGION_BYTES);
  }

  @Test
  void onLevel_sameLevelAgain_doesNothingNew() {
    at(HIGH);
    assertThat(at(HIGH)).isEmpty();
    assertThat(storagePool()).isEqualTo(250);
  }

  @Test
  void onLevel_elevatedWithNothingLent_doesNothing() {
    assertThat(at(ELEVATED)).isEmpty();
    assertThat(storagePool()).isEqualTo(REGION_BYTES);
  }

  @Test
  void onLevel_noMemoryManagerYet_doesNothing() {
    StorageDemotion early = new StorageDemotion(Optional::empty, 0.5, 0.0);
    assertThat(early.onLevel(CRITICAL, PressureSnapshot.IDLE)).isEmpty();
  }

  @Test
  void constructor_criticalAboveHigh_isRejectedWithBothRatios() {
    assertThatThrownBy(() -> new StorageDemotion(Optional::empty, 0.2, 0.4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retain ratios must satisfy 0 <= critical (0.4) <= high (0.2) <= 1");
  }
}

package io.spillway.runtime.pressure;

import static java.lang.management.MemoryType.HEAP;
import static java.lang.management.MemoryType.NON_HEAP;
import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.pressure.TenuredPools.Pool;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenuredPoolsTest {

  @Test
  void select_g1_picksOldGen() {
    List<Pool> g1 = List.of(new Pool("CodeHeap 'non-nmethods'", NON_HEAP, true), new Pool("Metaspace", NON_HEAP, true),
        new Pool("G1 Eden Space", HEAP, false), new Pool("G1 Old Gen", HEAP, true), new Pool("G1 Survivor Space", HEAP, false));
    assertThat(TenuredPools.select(g1)).containsExactly("G1 Old Gen");
    assertThat(TenuredPools.heap(g1)).containsExactlyInAnyOrder("G1 Eden Space", "G1 Old Gen", "G1 Survivor Space");
  }

  @Test
  void select_parallel_picksPsOldGen() {
    List<Pool> ps = List.of(new Pool("PS Eden Space", HEAP, false), new Pool("PS Survivor Space", HEAP, false),
        new Pool("PS Old Gen", HEAP, true), new Pool("Metaspace", NON_HEAP, true));
    assertThat(TenuredPools.select(ps)).containsExactly("PS Old Gen");
  }

  @Test
  void select_serial_picksTenuredGen() {
    List<Pool> serial = List.of(new Pool("Eden Space", HEAP, false), new Pool("Survivor Space", HEAP, false),
        new Pool("Tenured Gen", HEAP, true));
    assertThat(TenuredPools.select(serial)).containsExactly("Tenured Gen");
  }

  @Test
  void select_unknownCollectorWithThresholdSupport_picksByTypeNotName() {
    List<Pool> custom = List.of(new Pool("Nursery", HEAP, false), new Pool("Mature Space", HEAP, true));
    assertThat(TenuredPools.select(custom)).containsExactly("Mature Space");
  }

  @Test
  void select_noThresholdSupport_fallsBackToNamesThenWholeHeap() {
    assertThat(TenuredPools.select(List.of(new Pool("X Eden", HEAP, false), new Pool("X Old", HEAP, false))))
        .containsExactly("X Old");
    assertThat(TenuredPools.select(List.of(new Pool("OneHeap", HEAP, false)))).containsExactly("OneHeap");
  }

  @Test
  void select_thisJvm_findsAHeapPool() {
    List<Pool> pools = TenuredPools.ofThisJvm(ManagementFactory.getMemoryPoolMXBeans());
    Set<String> tenured = TenuredPools.select(pools);
    assertThat(tenured).isNotEmpty();
    assertThat(TenuredPools.heap(pools)).containsAll(tenured);
    assertThat(tenured).noneMatch(n -> n.contains("Eden") || n.contains("Survivor"));
  }
}

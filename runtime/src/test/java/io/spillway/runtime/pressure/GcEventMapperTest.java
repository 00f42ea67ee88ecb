package io.spillway.runtime.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GcEventMapperTest {

  private static final long HEAP_MAX = 1_000;
  private final GcEventMapper mapper = new GcEventMapper(Set.of("G1 Old Gen"),
      Set.of("G1 Eden Space", "G1 Survivor Space", "G1 Old Gen"), HEAP_MAX);

  private static MemoryUsage used(long bytes, long max) {
    return new MemoryUsage(0, bytes, Math.max(bytes, 1), max);
  }

  @Test
  void toEvent_sumsHeapPoolsAndIgnoresNonHeap() {
    Map<String, MemoryUsage> before = Map.of("G1 Eden Space", used(300, -1), "G1 Survivor Space", used(20, -1),
        "G1 Old Gen", used(400, 1_000), "Metaspace", used(5_000, -1));
    Map<String, MemoryUsage> after = Map.of("G1 Eden Space", used(0, -1), "G1 Survivor Space", used(30, -1),
        "G1 Old Gen", used(450, 1_000), "Metaspace", used(5_000, -1));

    GcEvent e = mapper.toEvent(77L, "G1 Young Generation", "end of minor GC", 12, before, after);

    assertThat(e.kind()).isEqualTo(GcKind.MINOR);
    assertThat(e.timestampNanos()).isEqualTo(77L);
    assertThat(e.durationNanos()).isEqualTo(12_000_000L);
    assertThat(e.heapUsedBeforeBytes()).isEqualTo(720);
    assertThat(e.heapUsedAfterBytes()).isEqualTo(480);
    assertThat(e.oldGenUsedAfterBytes()).isEqualTo(450);
    assertThat(e.oldGenOccupancyRatio()).isCloseTo(0.45, within(1e-9));
  }

  @Test
  void toEvent_undefinedOldGenMax_usesHeapMax() {
    Map<String, MemoryUsage> after = Map.of("G1 Old Gen", used(250, -1));
    GcEvent e = mapper.toEvent(0, "G1 Old Generation", "end of major GC", 100, after, after);
    assertThat(e.kind()).isEqualTo(GcKind.MAJOR);
    assertThat(e.oldGenMaxBytes()).isEqualTo(HEAP_MAX);
    assertThat(e.oldGenOccupancyRatio()).isCloseTo(0.25, within(1e-9));
  }

  @Test
  void fromGcAction_mapsHotSpotActions() {
    assertThat(GcKind.fromGcAction("end of minor GC")).isEqualTo(GcKind.MINOR);
    assertThat(GcKind.fromGcAction("end of major GC")).isEqualTo(GcKind.MAJOR);
    assertThat(GcKind.fromGcAction("end of GC cycle")).isEqualTo(GcKind.CONCURRENT_CYCLE);
    assertThat(GcKind.fromGcAction("end of GC pause")).isEqualTo(GcKind.MINOR);
  }
}

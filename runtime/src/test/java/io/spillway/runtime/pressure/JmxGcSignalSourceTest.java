package io.spillway.runtime.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Against the test JVM's real collector. {@code System.gc()} runs a full collection synchronously
 * (explicit GC is not disabled in the surefire JVM), so a notification follows; the test waits for that
 * event, it does not sleep.
 */
class JmxGcSignalSourceTest {

  @Test
  void start_explicitGc_deliversEventWithHeapFigures() throws InterruptedException {
    JmxGcSignalSource source = new JmxGcSignalSource(NanoClock.system());
    BlockingQueue<GcEvent> events = new LinkedBlockingQueue<>();
    source.start(events::add);
    try {
      assertThat(source.subscriptionCount()).isPositive();
      System.gc();
      GcEvent e = events.poll(30, TimeUnit.SECONDS);

      assertThat(e).as("a GC notification within 30 s of System.gc()").isNotNull();
      assertThat(e.gcName()).isNotBlank();
      assertThat(e.heapMaxBytes()).isEqualTo(Runtime.getRuntime().maxMemory());
      assertThat(e.oldGenMaxBytes()).isPositive();
      assertThat(e.oldGenOccupancyRatio()).isBetween(0.0, 1.0);
    } finally {
      source.stop();
    }
    assertThat(source.subscriptionCount()).isZero();
  }

  /**
   * Large arrays fill the old generation without a collection (G1 allocates them there directly); the
   * reading armed just above the current usage arrives from the allocation itself.
   */
  @Test
  void start_withBands_largeArraysCrossingTheBandDeliverAReading() throws InterruptedException {
    MemoryPoolMXBean old = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> TenuredPools.select(TenuredPools.ofThisJvm(List.of(p))).contains(p.getName()) && p.isUsageThresholdSupported())
        .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
        .findFirst().orElse(null);
    org.junit.jupiter.api.Assumptions.assumeTrue(old != null, "a tenured pool with usage thresholds");
    long max = old.getUsage().getMax() > 0 ? old.getUsage().getMax() : Runtime.getRuntime().maxMemory();
    long band = old.getUsage().getUsed() + 64L * 1024 * 1024;
    JmxGcSignalSource source = new JmxGcSignalSource(NanoClock.system(), (double) band / max);
    BlockingQueue<GcEvent> readings = new LinkedBlockingQueue<>();
    source.start(e -> {
      if (e.kind() == GcKind.OCCUPANCY_READING) {
        readings.add(e);
      }
    });
    List<byte[]> held = new ArrayList<>();
    try {
      assertThat(source.readingsArmed()).isTrue();
      GcEvent reading = null;
      for (int i = 0; i < 64 && reading == null; i++) {
        held.add(new byte[4 << 20]); // 4 MiB: humongous in G1, allocated in the old generation
        reading = readings.poll(50, TimeUnit.MILLISECONDS);
      }
      if (reading == null) {
        reading = readings.poll(10, TimeUnit.SECONDS);
      }
      assertThat(reading).as("a reading once usage crossed %d bytes (held %d arrays)", band, held.size()).isNotNull();
      assertThat(reading.oldGenUsedAfterBytes()).isGreaterThanOrEqualTo(band);
      assertThat(reading.durationNanos()).isZero();
    } finally {
      source.stop();
      held.clear();
    }
    assertThat(old.getUsageThreshold()).as("disarmed on stop").isZero();
  }
}

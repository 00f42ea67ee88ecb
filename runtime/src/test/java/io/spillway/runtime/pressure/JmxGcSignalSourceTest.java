package io.spillway.runtime.pressure;

import static org.assertj.core.api.Assertions.assertThat;

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
}

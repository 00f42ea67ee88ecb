package io.spillway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

  @Test
  void named_makesNamedDaemonThreads() {
    Thread t = DaemonThreads.named("spillway-test").newThread(() -> {});

    assertThat(t.isDaemon()).isTrue();
    assertThat(t.getName()).isEqualTo("spillway-test");
  }

  @Test
  void start_runsTheWorkOnAStartedDaemon() throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);

    Thread t = DaemonThreads.start("spillway-test-start", ran::countDown);

    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(t.isDaemon()).isTrue();
    assertThat(t.getName()).isEqualTo("spillway-test-start");
  }
}

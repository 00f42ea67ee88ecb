package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

  @TempDir
  Path tmp;

  @Test
  void run_finishedChild_reportsExitCodeAndCapturesOutput() throws Exception {
    Path log = tmp.resolve("out/driver.log");
    ChildProcess.Exit exit = ChildProcess.run(List.of("sh", "-c", "echo hello $GREETING; echo oops >&2; exit 3"),
        Map.of("GREETING", "world"), log, Duration.ofMinutes(1));
    assertThat(exit.exitCode()).isEqualTo(3);
    assertThat(exit.timedOut()).isFalse();
    assertThat(Files.readString(log)).contains("hello world").contains("oops");
  }

  @Test
  void run_childPastItsLimit_isKilledWithItsGrandchildren() throws Exception {
    Path pidFile = tmp.resolve("grandchild.pid");
    // The grandchild stands in for an executor JVM launched by a worker inside the driver.
    ChildProcess.Exit exit = ChildProcess.run(
        List.of("sh", "-c", "sleep 600 & echo $! > " + pidFile + "; wait"), Map.of(), tmp.resolve("log"),
        Duration.ofSeconds(2));
    assertThat(exit.timedOut()).isTrue();
    assertThat(exit.exitCode()).isEqualTo(-1);
    long grandchild = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }
}

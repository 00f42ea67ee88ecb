package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RerenderReportTest {

  @TempDir
  Path tmp;

  private static RunRecord run(String runDir) {
    return new RunRecord("S1", "t", "spillway", Outcome.OOM, "1 executor lost, exit 52", 12_000, 0, "42", "", "",
        runDir, EventLogMetrics.NONE);
  }

  @Test
  void rerender_runWithEventLog_rereadsMetricsAndKeepsTheVerdict() throws Exception {
    Path eventLog = Files.createDirectories(tmp.resolve("runs/S1-spillway/eventlog"));
    Path source = EventLogReaderTest.resource("oom-exit52");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : files.toList()) {
        Path target = eventLog.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    AbReport old = new AbReport("2026-11-27T12:00:00Z", Map.of(), List.of(), Map.of(),
        List.of(run("runs/S1-spillway"), run("runs/gone")));
    AbReport again = RerenderReport.rerender(old, tmp);
    assertThat(again.runs().get(0).metrics()).isEqualTo(EventLogReader.read(source));
    assertThat(again.runs().get(0).metrics().times().applicationStartMillis()).isPositive();
    assertThat(again.runs().get(0).outcome()).isEqualTo(Outcome.OOM);
    assertThat(again.runs().get(1)).isEqualTo(old.runs().get(1));
  }
}

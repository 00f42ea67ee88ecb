package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resources are lines of real Spark 4.1.3 event logs from harness probe runs (2 executors of
 * 512 MiB): {@code spill-ok} a sort that spilled, {@code oom-exit52} a task that hoarded memory until
 * its executor died; long arrays (accumulables, stack traces) were cut, and three Spillway plugin events
 * were added to the second in the form Jackson writes custom listener events.
 */
class EventLogReaderTest {

  @TempDir
  Path tmp;

  static Path resource(String name) throws URISyntaxException {
    return Path.of(EventLogReaderTest.class.getResource("/eventlogs/" + name).toURI());
  }

  @Test
  void read_plainSingleFile_sumsTaskMetricsAndPeaks() throws Exception {
    EventLogMetrics m = EventLogReader.read(resource("spill-ok"));
    assertThat(m.appId()).isEqualTo("app-20261127114847-0000");
    assertThat(m.tasks()).isEqualTo(12);
    assertThat(m.failedTasks()).isZero();
    assertThat(m.executorRunTimeMillis()).isEqualTo(53_455);
    assertThat(m.jvmGcTimeMillis()).isEqualTo(4_230);
    assertThat(m.memoryBytesSpilled()).isEqualTo(692_966_385L);
    assertThat(m.diskBytesSpilled()).isEqualTo(83_610_090L);
    assertThat(m.peakHeapBytesByExecutor()).containsOnlyKeys("0", "1").containsEntry("0", 364_826_624L);
    assertThat(m.peakExecutorHeapBytes()).isEqualTo(364_826_624L);
    assertThat(m.driverPeakHeapBytes()).isEqualTo(75_070_536L);
    assertThat(m.jobsSucceeded()).isEqualTo(2);
    assertThat(m.jobsFailed()).isZero();
    assertThat(m.lostExecutors()).isEmpty();
    assertThat(m.showsOom()).isFalse();
    assertThat(m.thrashing()).isFalse();
  }

  @Test
  void readStream_fetchFailureCausedByOom_countsAsTaskOom() throws IOException {
    String line = "{\"Event\":\"SparkListenerTaskEnd\",\"Stage ID\":4,\"Task End Reason\":{\"Reason\":\"ExceptionFailure\","
        + "\"Class Name\":\"org.apache.spark.shuffle.FetchFailedException\",\"Description\":\"\","
        + "\"Full Stack Trace\":\"org.apache.spark.shuffle.FetchFailedException\\n\\tat x\\n"
        + "Caused by: java.lang.OutOfMemoryError: Java heap space\\n\"},\"Task Info\":{\"Executor ID\":\"1\"}}\n";
    EventLogMetrics m = EventLogReader.readStream(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)));
    assertThat(m.taskOomFailures()).isEqualTo(1);
    assertThat(m.showsOom()).isTrue();
  }

  @Test
  void read_rollingFolder_findsLostExecutorExitCodeOomAndSpillwayEvents() throws Exception {
    EventLogMetrics m = EventLogReader.read(resource("oom-exit52"));
    assertThat(m.lostExecutors()).containsExactly(new LostExecutor("0", "Command exited with code 52", 52));
    assertThat(m.exitCodes()).containsExactly(52);
    assertThat(m.taskOomFailures()).isEqualTo(2);
    assertThat(m.failedTasks()).isEqualTo(3);
    assertThat(m.jvmGcTimeMillis()).isEqualTo(641);
    assertThat(m.jobsFailed()).isEqualTo(1);
    assertThat(m.firstJobFailure()).startsWith("Job aborted due to stage failure");
    assertThat(m.showsOom()).isTrue();
    assertThat(m.spillwayEventsByExecutor()).containsEntry("0", 2).containsEntry("1", 1);
    assertThat(m.spillwayEvents()).hasSize(3);
    assertThat(m.spillwayEvents().get(0).path("level").asText()).isEqualTo("CRITICAL");
  }

  @Test
  void read_zstdCompressedLog_isDecompressedWithSparksCodec() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("ev"));
    byte[] plain = Files.readAllBytes(resource("spill-ok").resolve("app-20261127114847-0000"));
    try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(dir.resolve("app-1-0000.zstd")))) {
      out.write(plain);
    }
    EventLogMetrics m = EventLogReader.read(dir);
    assertThat(m.tasks()).isEqualTo(12);
    assertThat(m.diskBytesSpilled()).isEqualTo(83_610_090L);
  }

  @Test
  void readStream_cutOffLastLine_isCountedNotFatal() throws IOException {
    String log = "{\"Event\":\"SparkListenerTaskEnd\",\"Task End Reason\":{\"Reason\":\"ExecutorLostFailure\","
        + "\"Executor ID\":\"1\",\"Exit Caused By App\":true},\"Task Info\":{\"Executor ID\":\"1\"},"
        + "\"Task Executor Metrics\":{\"JVMHeapMemory\":0},\"Task Metrics\":{\"Executor Run Time\":300,"
        + "\"JVM GC Time\":200}}\n{\"Event\":\"SparkListenerTaskEnd\",\"Task End";
    EventLogMetrics m = EventLogReader.readStream(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)));
    assertThat(m.tasks()).isEqualTo(1);
    assertThat(m.executorLostFailures()).isEqualTo(1);
    assertThat(m.malformedLines()).isEqualTo(1);
    assertThat(m.thrashing()).isTrue();
    assertThat(m.peakHeapBytesByExecutor()).isEmpty();
  }

  @Test
  void read_folderWithoutLogs_isNone() {
    assertThat(EventLogReader.read(tmp)).isEqualTo(EventLogMetrics.NONE);
    assertThat(EventLogReader.read(tmp.resolve("missing"))).isEqualTo(EventLogMetrics.NONE);
  }

  @Test
  void fromReason_withoutExitCode_isUnknown() {
    assertThat(LostExecutor.fromReason("3", "Executor heartbeat timed out").exitCode())
        .isEqualTo(LostExecutor.UNKNOWN_EXIT_CODE);
  }
}

package io.spillway.it.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.it.cluster.ClusterEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.TestInstance;
import scala.Tuple2;

/**
 * A job cancelled while user code iterates a spilled group, in real executor JVMs: cancelled by
 * {@code cancelJobGroup} and by {@code cancelAllJobs}. The job ends (bounded wait: no hang) with Spark's
 * cancellation, no Spillway spill file is left in any executor's local dirs, no executor logs a memory leak, and
 * the next job on the same executors gives the right answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CancelledJobsIT {

  private static final int RECORDS = 400_000;
  private static final int KEYS = 1000;
  /** Longest the cancelled job may take to end, and the files to go. */
  private static final long END_TIMEOUT_MILLIS = 60_000;

  private JavaSparkContext sc;
  private Path markers;

  @BeforeAll
  void start() throws Exception {
    markers = Files.createTempDirectory("spillway-cancel-it");
    sc = new JavaSparkContext(ShuffleClusters.SPILLWAY.conf("cancelled-jobs-it", CancelledJobsIT.class)
        .set("spark.spillway.shuffle.groupSpillHeapRatio", "0.001")
        .set("spark.spillway.shuffle.groupSpillCalmHeapRatio", "0.001")
        .set("spark.unsafe.exceptionOnMemoryLeak", "true")
        .set("spark.task.reaper.enabled", "true"));
    ShuffleClusters.awaitExecutors(sc);
  }

  @AfterAll
  void stop() {
    if (sc != null) {
      sc.stop();
    }
  }

  /** How the running job is cancelled. */
  enum Cancel { JOB_GROUP, ALL_JOBS }

  private JavaPairRDD<Integer, Long> pairs() {
    List<Integer> ids = IntStream.range(0, RECORDS).boxed().toList();
    return sc.parallelize(ids, 4).mapToPair(i -> new Tuple2<>(i % 3 == 0 ? 0 : i % KEYS, (long) i));
  }

  @ParameterizedTest
  @EnumSource(Cancel.class)
  void cancel_whileUserCodeIteratesASpilledGroup_endsLeavesNoSpillFileAndNextJobIsRight(Cancel how)
      throws Exception {
    String marker = markers.resolve("iterating-" + how).toString();
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread job = new Thread(() -> {
      sc.setJobGroup("slow-" + how, "iterates a spilled group slowly", true);
      try {
        pairs().groupByKey(2).mapValues(values -> {
          long n = 0;
          boolean hot = false;
          for (long ignored : values) {
            if (++n == 1_000 && values.getClass().getName().contains("SpilledGroup")) {
              hot = true;
              Files.createFile(Path.of(marker));
            }
            if (hot && n % 1_000 == 0) {
              Thread.sleep(200); // about 27 s for the hot group: cancelled long before
            }
          }
          return n;
        }).count();
        outcome.set(new AssertionError("the job was not cancelled"));
      } catch (Throwable t) {
        outcome.set(t);
      }
    }, "cancelled-job");
    job.start();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(END_TIMEOUT_MILLIS);
    while (!Files.exists(Path.of(marker))) {
      assertThat(System.nanoTime()).as("the hot group's iteration started").isLessThan(deadline);
      Thread.sleep(100);
    }

    if (how == Cancel.JOB_GROUP) {
      sc.cancelJobGroup("slow-" + how);
    } else {
      sc.cancelAllJobs();
    }
    job.join(END_TIMEOUT_MILLIS);

    assertThat(job.isAlive()).as("the cancelled job ended").isFalse();
    assertThat(outcome.get()).hasMessageContaining("cancelled");
    assertThat(awaitNoSpillFiles()).as("spill files left per executor").allSatisfy((exec, n) -> assertThat(n).isZero());
    Map<Integer, Long> counts = new HashMap<>(pairs().groupByKey(2).mapValues(v -> {
      long n = 0;
      for (long ignored : v) {
        n++;
      }
      return n;
    }).collectAsMap());
    Map<Integer, Long> expected = new HashMap<>();
    for (int i = 0; i < RECORDS; i++) {
      expected.merge(i % 3 == 0 ? 0 : i % KEYS, 1L, Long::sum);
    }
    assertThat(counts).isEqualTo(expected);
    assertThat(ClusterEnvironment.detect().executorLogs(sc.sc().applicationId())).allSatisfy((exec, log) -> assertThat(log).doesNotContainIgnoringCase("memory leak"));
  }

  /** Spill files per executor, asked until none is left or the timeout passes (a killed task ends asynchronously). */
  private Map<String, Long> awaitNoSpillFiles() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(END_TIMEOUT_MILLIS);
    Map<String, Long> left = new TreeMap<>();
    do {
      left.clear();
      for (int round = 0; round < 5 && left.size() < ShuffleClusters.EXECUTORS; round++) {
        sc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8).map(i -> {
          System.gc(); // a handed-out group's files also go with its last reference
          return SparkEnv.get().executorId() + " " + spillFiles();
        }).collect().forEach(s -> {
          String[] p = s.split(" ");
          left.merge(p[0], Long.parseLong(p[1]), Math::min);
        });
      }
      if (left.values().stream().allMatch(n -> n == 0)) {
        break;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return left;
  }

  /** On an executor: Spillway's spill files (temp-local blocks) in its local dirs. */
  private static long spillFiles() {
    long n = 0;
    for (File dir : SparkEnv.get().blockManager().diskBlockManager().localDirs()) {
      try (Stream<Path> files = Files.walk(dir.toPath())) {
        n += files.filter(f -> f.getFileName().toString().startsWith("temp_local_")).count();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return n;
  }
}

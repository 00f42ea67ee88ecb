package io.spillway.it.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import scala.Tuple2;

/**
 * An executor JVM killed with SIGKILL while Spillway holds state on its disk, in {@code local-cluster[2,1,1024]}:
 * while a hot group is being streamed to its spill files, and while the tiered store holds a reduce task's
 * entries in its off-heap maps. The driver watches each executor's local dirs (same machine) and kills the JVM
 * the moment the first Spillway file appears there; Spark's own recovery (the worker starts a new executor, the
 * lost map outputs are recomputed, the task retried) must then give the right answer. Killing while admission
 * holds tasks back is not covered here (it needs CRITICAL heap pressure on cue).
 */
class ExecutorKillIT {

  private static final int KEYS = 1000;
  /** Longest the watcher waits for a Spillway file to appear. */
  private static final long WATCH_TIMEOUT_MILLIS = 120_000;

  /** When the executor is killed. */
  enum Moment { HOT_GROUP_STREAMING_TO_DISK, TIERED_STORE_OFF_HEAP }

  @ParameterizedTest
  @EnumSource(Moment.class)
  void sigkill_whileSpillwayHoldsFilesOnTheExecutor_sparkRecoversWithTheRightAnswer(Moment moment) throws Exception {
    var conf = ShuffleClusters.SPILLWAY.conf("executor-kill-it-" + moment, ExecutorKillIT.class)
        .set("spark.task.maxFailures", "4");
    int records;
    if (moment == Moment.HOT_GROUP_STREAMING_TO_DISK) {
      records = 3_000_000; // a million values on key 0 against a ~1 MiB threshold: seconds of writing
      conf.set("spark.spillway.shuffle.groupSpillHeapRatio", "0.001")
          .set("spark.spillway.shuffle.groupSpillCalmHeapRatio", "0.001");
    } else {
      records = 2_000_000;
      conf.set("spark.spillway.tiered.aggregation", "always")
          .set("spark.spillway.tiered.heapRatio", "0.0001"); // ~100 KiB on heap: nearly every key goes off heap
    }
    JavaSparkContext sc = new JavaSparkContext(conf);
    try {
      ShuffleClusters.awaitExecutors(sc);
      AtomicInteger removed = new AtomicInteger();
      sc.sc().addSparkListener(new SparkListener() {
        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
          removed.incrementAndGet();
        }
      });
      List<Executor> executors = executors(sc);
      AtomicReference<String> killed = new AtomicReference<>();
      Thread watcher = new Thread(() -> killed.set(killOnFirstSpillFile(executors)), "executor-killer");
      watcher.setDaemon(true);
      watcher.start();

      Map<Integer, Long> result = run(sc, moment, records);
      watcher.join(TimeUnit.SECONDS.toMillis(5));

      assertThat(killed.get()).as("an executor was killed while a Spillway file was on its disk").startsWith("killed");
      assertThat(removed.get()).as("Spark saw the executor go").isPositive();
      assertThat(result).isEqualTo(expected(moment, records));
    } finally {
      sc.stop();
    }
  }

  private static Map<Integer, Long> run(JavaSparkContext sc, Moment moment, int records) {
    List<Integer> ids = IntStream.range(0, records).boxed().toList();
    if (moment == Moment.HOT_GROUP_STREAMING_TO_DISK) {
      JavaPairRDD<Integer, Long> pairs = sc.parallelize(ids, 4)
          .mapToPair(i -> new Tuple2<>(i % 3 == 0 ? 0 : i % KEYS, (long) i));
      return new HashMap<>(pairs.groupByKey(2).mapValues(values -> {
        long sum = 0;
        for (long v : values) {
          sum += v;
        }
        return sum;
      }).collectAsMap());
    }
    JavaPairRDD<Integer, Long> pairs = sc.parallelize(ids, 4).mapToPair(i -> new Tuple2<>(i % 200_000, (long) i));
    return new HashMap<>(pairs.reduceByKey(Long::sum, 2).collectAsMap());
  }

  private static Map<Integer, Long> expected(Moment moment, int records) {
    Map<Integer, Long> out = new HashMap<>();
    for (int i = 0; i < records; i++) {
      int key = moment == Moment.HOT_GROUP_STREAMING_TO_DISK ? (i % 3 == 0 ? 0 : i % KEYS) : i % 200_000;
      out.merge(key, (long) i, Long::sum);
    }
    return out;
  }

  /** An executor JVM: its process id and its local dirs. */
  record Executor(String id, long pid, List<Path> localDirs) {}

  private static List<Executor> executors(JavaSparkContext sc) {
    Map<String, Executor> seen = new HashMap<>();
    for (int round = 0; round < 5 && seen.size() < ShuffleClusters.EXECUTORS; round++) {
      for (String s : sc.parallelize(List.of(1, 2, 3, 4, 5, 6, 7, 8), 8).map(i -> {
        StringBuilder b = new StringBuilder(SparkEnv.get().executorId() + "\t" + ProcessHandle.current().pid());
        for (File d : SparkEnv.get().blockManager().diskBlockManager().localDirs()) {
          b.append('\t').append(d.getAbsolutePath());
        }
        return b.toString();
      }).collect()) {
        String[] p = s.split("\t");
        List<Path> dirs = new ArrayList<>();
        for (int i = 2; i < p.length; i++) {
          dirs.add(Path.of(p[i]));
        }
        seen.put(p[0], new Executor(p[0], Long.parseLong(p[1]), dirs));
      }
    }
    assertThat(seen).hasSize(ShuffleClusters.EXECUTORS);
    return List.copyOf(seen.values());
  }

  /** Polls the executors' local dirs; SIGKILLs the first executor where a Spillway file (temp-local block) shows. */
  private static String killOnFirstSpillFile(List<Executor> executors) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WATCH_TIMEOUT_MILLIS);
    try {
      while (System.nanoTime() < deadline) {
        for (Executor e : executors) {
          if (hasSpillFile(e)) {
            Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(e.pid())).inheritIO().start();
            return (kill.waitFor() == 0 ? "killed executor " : "could not kill executor ") + e.id();
          }
        }
        Thread.sleep(10);
      }
      return "no Spillway file appeared";
    } catch (IOException | InterruptedException ex) {
      return "watcher failed: " + ex;
    }
  }

  private static boolean hasSpillFile(Executor e) {
    for (Path dir : e.localDirs()) {
      try (Stream<Path> files = Files.walk(dir)) {
        if (files.anyMatch(f -> f.getFileName().toString().startsWith("temp_local_"))) {
          return true;
        }
      } catch (IOException | UncheckedIOException ex) {
        // a file vanished while walking: look again next round
      }
    }
    return false;
  }
}

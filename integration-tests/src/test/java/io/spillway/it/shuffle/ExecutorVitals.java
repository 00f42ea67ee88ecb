package io.spillway.it.shuffle;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What one executor JVM holds, read inside it by a task (there is no other way to see an executor's own MXBeans
 * and local dirs from a test): files in its local dirs by kind, live threads, Spillway's threads, the direct and
 * mapped buffer pools (BufferPoolMXBean), and the old generation after a full collection requested with
 * {@link System#gc()} — the baseline a leak would raise.
 *
 * @param executorId         Spark's executor id
 * @param spillwayFiles      Spillway's files (temp-local blocks: group spill segments, measured-map spill runs,
 *                           off-heap map files)
 * @param shuffleFiles       shuffle data and index files and Spark's temp-shuffle files
 * @param rddBlockFiles      cached RDD blocks on disk
 * @param threads            live threads of the JVM
 * @param spillwayThreads    names of live threads whose name starts with {@code spillway}
 * @param directBytes        bytes in the JVM's direct buffer pool
 * @param mappedBytes        bytes in the JVM's mapped buffer pool
 * @param oldGenAfterGcBytes old (tenured) generation's used bytes right after {@code System.gc()}
 */
record ExecutorVitals(String executorId, long spillwayFiles, long shuffleFiles, long rddBlockFiles, int threads,
    List<String> spillwayThreads, long directBytes, long mappedBytes, long oldGenAfterGcBytes)
    implements Serializable {

  /** How many tiny probe tasks are asked per round: enough that, with one slot each, both executors answer. */
  private static final int PROBE_TASKS = 8;
  /** Probe rounds before giving up on an executor that took none of the tasks. */
  private static final int PROBE_ROUNDS = 5;

  /** Reads this JVM's vitals; runs inside an executor. */
  static ExecutorVitals here() {
    // two collections: the first lets cleaners (handed-out groups' files, mapped buffers) run, the second
    // frees what they released
    System.gc();
    System.gc();
    long[] files = filesByKind();
    List<String> spillwayThreads = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith("spillway")) {
        spillwayThreads.add(t.getName());
      }
    }
    spillwayThreads.sort(null);
    long direct = 0;
    long mapped = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        direct = pool.getMemoryUsed();
      } else if (pool.getName().equals("mapped")) {
        mapped = pool.getMemoryUsed();
      }
    }
    long oldGen = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      String n = pool.getName();
      if (pool.getType() == MemoryType.HEAP && (n.contains("Old") || n.contains("Tenured"))) {
        oldGen += pool.getUsage().getUsed();
      }
    }
    return new ExecutorVitals(SparkEnv.get().executorId(), files[0], files[1], files[2],
        ManagementFactory.getThreadMXBean().getThreadCount(), List.copyOf(spillwayThreads), direct, mapped, oldGen);
  }

  /**
   * Spillway's, shuffle and RDD-block files in this executor's local dirs; walked again when a file vanished
   * under the walk (an asynchronous cleanup in progress).
   */
  private static long[] filesByKind() {
    for (int attempt = 1; ; attempt++) {
      long[] counts = new long[3];
      try {
        for (File dir : SparkEnv.get().blockManager().diskBlockManager().localDirs()) {
          try (Stream<Path> files = Files.walk(dir.toPath())) {
            files.filter(Files::isRegularFile).forEach(f -> {
              String name = f.getFileName().toString();
              if (name.startsWith("temp_local_")) {
                counts[0]++;
              } else if (name.startsWith("shuffle_") || name.startsWith("temp_shuffle_")) {
                counts[1]++;
              } else if (name.startsWith("rdd_")) {
                counts[2]++;
              }
            });
          }
        }
        return counts;
      } catch (IOException | UncheckedIOException e) {
        if (attempt == 3) {
          throw new IllegalStateException("could not list the executor's local dirs", e);
        }
      }
    }
  }

  /** Every executor's vitals, by executor id: a job of tiny tasks, repeated until each executor answered. */
  static Map<String, ExecutorVitals> ofEveryExecutor(JavaSparkContext sc, int executors) {
    Map<String, ExecutorVitals> seen = new HashMap<>();
    for (int round = 0; round < PROBE_ROUNDS && seen.size() < executors; round++) {
      List<Integer> tasks = new ArrayList<>();
      for (int i = 0; i < PROBE_TASKS; i++) {
        tasks.add(i);
      }
      for (ExecutorVitals v : sc.parallelize(tasks, PROBE_TASKS).map(i -> here()).collect()) {
        seen.putIfAbsent(v.executorId(), v);
      }
    }
    if (seen.size() < executors) {
      throw new IllegalStateException("only executors " + seen.keySet() + " answered the vitals probe");
    }
    return seen;
  }

  /**
   * Lets the driver's ContextCleaner clean (a GC on the driver makes dropped RDDs' shuffle dependencies
   * unreachable) until every executor reports no file left, and returns their vitals then; fails when that takes
   * longer than {@code timeoutMillis}. Best with {@code spark.cleaner.referenceTracking.blocking.shuffle=true}.
   */
  static Map<String, ExecutorVitals> afterCleanup(JavaSparkContext sc, int executors, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      System.gc();
      Thread.sleep(200); // the cleaner thread polls its reference queue every 100 ms
      Map<String, ExecutorVitals> vitals = ofEveryExecutor(sc, executors);
      if (vitals.values().stream().allMatch(ExecutorVitals::noFilesLeft)) {
        return vitals;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("files left on the executors " + timeoutMillis + " ms after cleanup: " + vitals);
      }
    }
  }

  /** True when no Spillway, shuffle or RDD-block file is left. */
  boolean noFilesLeft() {
    return spillwayFiles == 0 && shuffleFiles == 0 && rddBlockFiles == 0;
  }
}

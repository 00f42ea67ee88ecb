package io.spillway.it.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.Success$;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import scala.Tuple2;

/**
 * A spilled group's files altered between write and read, in real executor JVMs: the first attempt of the task
 * that holds the hot group truncates its spill files, or flips one byte in each, right before user code iterates
 * the group. The read detects it (length, value count, or the CRC-32C of the altered chunk before Spark's LZ4 codec
 * sees it), the attempt fails with an error naming the file (not an executor lost to a crash in the native
 * decompressor), Spark retries it, and the job's answer is the right one: never a wrong answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpillCorruptionIT {

  private static final int RECORDS = 400_000;
  /** Every third record is on key 0: a group of ~133k longs (a few MiB) against a ~1 MiB threshold. */
  private static final int KEYS = 1000;

  private JavaSparkContext sc;
  private final List<String> failures = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start() throws InterruptedException {
    sc = new JavaSparkContext(ShuffleClusters.SPILLWAY.conf("spill-corruption-it", SpillCorruptionIT.class)
        .set("spark.spillway.shuffle.groupSpillHeapRatio", "0.001")
        .set("spark.spillway.shuffle.groupSpillCalmHeapRatio", "0.001")
        .set("spark.task.maxFailures", "2"));
    sc.sc().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() != Success$.MODULE$) {
          failures.add(end.reason().toString());
        }
      }
    });
    ShuffleClusters.awaitExecutors(sc);
  }

  @AfterAll
  void stop() {
    if (sc != null) {
      sc.stop();
    }
  }

  /** How the first attempt alters the files. */
  enum Fault { TRUNCATE, FLIP_ONE_BYTE }

  private Map<Integer, Long> sumsPerKey(Fault fault) {
    List<Integer> ids = IntStream.range(0, RECORDS).boxed().toList();
    JavaPairRDD<Integer, Long> pairs = sc.parallelize(ids, 4).mapToPair(i -> new Tuple2<>(i % 3 == 0 ? 0 : i % KEYS,
        (long) i));
    return new HashMap<>(pairs.groupByKey(2).mapToPair(kv -> {
      if (kv._1() == 0 && TaskContext.get().attemptNumber() == 0) {
        alterSpillFiles(fault);
      }
      long sum = 0;
      for (long v : kv._2()) {
        sum += v;
      }
      return new Tuple2<>(kv._1(), sum);
    }).collectAsMap());
  }

  /** On the executor: every non-empty temp-local file in its local dirs (the spilled group's segments). */
  private static void alterSpillFiles(Fault fault) {
    int altered = 0;
    for (File dir : SparkEnv.get().blockManager().diskBlockManager().localDirs()) {
      try (Stream<Path> files = Files.walk(dir.toPath())) {
        for (Path p : files.filter(f -> f.getFileName().toString().startsWith("temp_local_")).toList()) {
          long length = Files.size(p);
          if (length < 2) {
            continue;
          }
          try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            if (fault == Fault.TRUNCATE) {
              raf.setLength(length / 2);
            } else {
              raf.seek(length / 2);
              int b = raf.read();
              raf.seek(length / 2);
              raf.write(b ^ 0x01);
            }
          }
          altered++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (altered == 0) {
      throw new IllegalStateException("no spill file to alter: the hot group was not spilled");
    }
  }

  private static Map<Integer, Long> expected() {
    Map<Integer, Long> out = new HashMap<>();
    for (int i = 0; i < RECORDS; i++) {
      out.merge(i % 3 == 0 ? 0 : i % KEYS, (long) i, Long::sum);
    }
    return out;
  }

  @Test
  void groupByKey_spillFilesTruncatedBeforeTheRead_attemptFailsNamingTheFileRetryIsRight() {
    failures.clear();

    assertThat(sumsPerKey(Fault.TRUNCATE)).isEqualTo(expected());
    assertThat(failures).as("the first attempt of the hot group's task failed").isNotEmpty()
        .allSatisfy(f -> assertThat(f).contains("SpillFileException").contains("temp_local_")
            .contains("truncated"));
  }

  @Test
  void groupByKey_oneByteFlippedInEachSpillFile_attemptFailsRetryIsRight() {
    failures.clear();

    assertThat(sumsPerKey(Fault.FLIP_ONE_BYTE)).isEqualTo(expected());
    assertThat(failures).as("the first attempt of the hot group's task failed").isNotEmpty()
        .allSatisfy(f -> assertThat(f).contains("SpillFileException").contains("temp_local_"));
  }
}

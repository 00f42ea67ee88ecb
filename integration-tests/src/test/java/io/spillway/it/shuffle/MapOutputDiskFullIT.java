package io.spillway.it.shuffle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spillway.it.cluster.ClusterEnvironment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * A full disk while Spillway's map-side writer writes a {@code reduceByKey}'s map output, in real executor JVMs
 * ({@code local-cluster[2,1,1024]}), injected through the shuffle I/O plugin ({@link DiskFullShuffleDataIO}): when
 * only first attempts find the disk full, Spark retries them and the job's sums are right; when every attempt
 * does, the job fails within its retries with an error naming the disk-full cause and the directory. Either way no
 * shuffle file is left once the shuffle is cleaned.
 *
 * <p>Bug (half-written map output left on a full disk): Spillway's map-side writer followed Spark's {@code
 * SortShuffleWriter}, which does not abort the plugin's map output writer when a write fails, so each failed
 * attempt's temporary data file ({@code shuffle_S_M_0.data.<uuid>}) stayed in the executor's local dirs until the
 * application ended (cleaning the shuffle deletes only the committed files), and the error named neither shuffle
 * nor directory. {@code MapOutputPlugin.writeSorted} now aborts and names them.
 */
class MapOutputDiskFullIT {

  private static final int RECORDS = 200_000;
  private static final int KEYS = 5_000;
  /** Longest the cleanup of the job's shuffle may take. */
  private static final long CLEANUP_TIMEOUT_MILLIS = 60_000;

  private static JavaSparkContext start(String attempts) throws InterruptedException {
    JavaSparkContext sc = new JavaSparkContext(ShuffleClusters.SPILLWAY.conf("map-output-disk-full-" + attempts,
            MapOutputDiskFullIT.class)
        .set("spark.shuffle.sort.io.plugin.class", DiskFullShuffleDataIO.class.getName())
        .set(DiskFullShuffleDataIO.ATTEMPTS_KEY, attempts)
        .set("spark.task.maxFailures", "2")
        .set("spark.cleaner.referenceTracking.blocking.shuffle", "true"));
    ShuffleClusters.awaitExecutors(sc);
    return sc;
  }

  private static Map<Integer, Long> sums(JavaSparkContext sc) {
    List<Integer> ids = IntStream.range(0, RECORDS).boxed().toList();
    return new HashMap<>(sc.parallelize(ids, 4).mapToPair(i -> new Tuple2<>(i % KEYS, (long) i))
        .reduceByKey(Long::sum, 3).collectAsMap());
  }

  @Test
  void halfWrittenMapOutputLeftOnDiskFull_firstAttemptsFail_sparkRetriesRightAndNothingIsLeft() throws Exception {
    JavaSparkContext sc = start("first");
    try {
      Map<Integer, Long> expected = new HashMap<>();
      for (int i = 0; i < RECORDS; i++) {
        expected.merge(i % KEYS, (long) i, Long::sum);
      }

      assertThat(sums(sc)).isEqualTo(expected);

      ExecutorVitals.afterCleanup(sc, ShuffleClusters.EXECUTORS, CLEANUP_TIMEOUT_MILLIS);
      assertThat(String.join("\n", ClusterEnvironment.detect().executorLogs(sc.sc().applicationId()).values()))
          .as("executor logs").contains("Spillway's map-side writer failed writing the partitions of the map output")
          .contains("No space left on device");
    } finally {
      sc.stop();
    }
  }

  @Test
  void diskFullInEveryAttempt_jobFailsNamingTheDirectoryAndNothingIsLeft() throws Exception {
    JavaSparkContext sc = start("all");
    try {
      assertThatThrownBy(() -> sums(sc))
          .hasMessageContaining("No space left on device")
          .hasMessageContaining("Spillway's map-side writer failed")
          .hasMessageContaining("directory /");

      ExecutorVitals.afterCleanup(sc, ShuffleClusters.EXECUTORS, CLEANUP_TIMEOUT_MILLIS);
    } finally {
      sc.stop();
    }
  }
}

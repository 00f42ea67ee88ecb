package io.spillway.shuffle.hotkeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.shuffle.LocalSpark;
import java.io.Serializable;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * Regression: the map side's hot-key sketch called {@code hashCode} on sampled keys and let its exception fail the
 * map task, although Spark's own path never hashes them under a range partitioner: {@code sortByKey} over a key
 * type whose {@code hashCode} throws ran on stock Spark and failed with Spillway. The sketch now gives up for that
 * task and the job runs as on stock Spark.
 */
class KeyWhoseHashCodeThrowsRegressionTest {

  private static final int RECORDS = 20_000;

  /** Ordered, serializable, and refuses to be hashed. */
  record Unhashable(int id) implements Comparable<Unhashable>, Serializable {
    @Override
    public int hashCode() {
      throw new UnsupportedOperationException("Unhashable " + id + " has no hash");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unhashable u && u.id == id;
    }

    @Override
    public int compareTo(Unhashable o) {
      return Integer.compare(id, o.id);
    }
  }

  @Test
  void sortByKey_keysWhoseHashCodeThrows_finishesWithTheRightOrder() {
    JavaSparkContext jsc = LocalSpark.context();
    List<Integer> sorted = jsc.parallelize(IntStream.range(0, RECORDS).map(i -> RECORDS - 1 - i).boxed().toList(), 4)
        .mapToPair(i -> new Tuple2<>(new Unhashable(i), i))
        .sortByKey(true, 3)
        .values()
        .collect();

    assertThat(sorted).hasSize(RECORDS);
    assertThat(sorted).isSorted();
    assertThat(sorted.get(0)).isZero();
    assertThat(sorted.get(RECORDS - 1)).isEqualTo(RECORDS - 1);
  }
}

package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S9KMeansCachedIterationsTest {

  @Test
  void expected_equalsLloydOnCollectedPoints() {
    int dims = 4;
    int k = 3;
    CaseParams small = CaseParams.of(6_000, 0.0, 2).with(S9KMeansCachedIterations.DIMENSIONS, dims)
        .with(S9KMeansCachedIterations.CLUSTERS, k).with(S9KMeansCachedIterations.ITERATIONS, 4);
    List<double[]> points = new ArrayList<>();
    for (long g = 0; g < small.records(); g++) {
      points.add(S9KMeansCachedIterations.point(g, dims, k));
    }
    double[][] centers = S9KMeansCachedIterations.initialCenters(dims, k);
    long[] counts = new long[k];
    for (int i = 0; i < 4; i++) {
      Map<Integer, List<double[]>> groups = new HashMap<>();
      for (double[] p : points) {
        groups.computeIfAbsent(S9KMeansCachedIterations.closest(p, centers), j -> new ArrayList<>()).add(p);
      }
      for (int j = 0; j < k; j++) {
        List<double[]> members = groups.getOrDefault(j, List.of());
        counts[j] = members.size();
        if (!members.isEmpty()) {
          double[] mean = new double[dims];
          members.forEach(p -> {
            for (int d = 0; d < dims; d++) {
              mean[d] += p[d];
            }
          });
          for (int d = 0; d < dims; d++) {
            mean[d] /= members.size();
          }
          centers[j] = mean;
        }
      }
    }
    assertThat(S9KMeansCachedIterations.expected(small)).isEqualTo(S9KMeansCachedIterations.render(counts, centers));
  }

  @Test
  void point_liesWithinNoiseOfItsClusterCentre() {
    double[] p = S9KMeansCachedIterations.point(17, 8, 5);
    assertThat(p).hasSize(8);
    for (double x : p) {
      assertThat(x).isBetween(-1.0, S9KMeansCachedIterations.SPREAD + 1.0);
    }
  }

  @Test
  void meanAndCount_averagesTheGroupsPoints() {
    scala.Tuple2<double[], Long> m = S9KMeansCachedIterations.meanAndCount(
        List.of(new double[] {1, 2}, new double[] {3, 6}, new double[] {5, 10}));
    assertThat(m._2()).isEqualTo(3L);
    assertThat(m._1()).containsExactly(3.0, 6.0);
  }
}

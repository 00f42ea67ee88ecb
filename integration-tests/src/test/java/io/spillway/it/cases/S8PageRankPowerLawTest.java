package io.spillway.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S8PageRankPowerLawTest {

  private final CaseParams small = new CaseParams(20_000, 0.5, 4, Map.of())
      .with(S8PageRankPowerLaw.VERTICES, 2_000).with(S8PageRankPowerLaw.ITERATIONS, 3);

  /** Spark's example algorithm with hash maps: links grouped, ranks joined, contributions summed per target. */
  @Test
  void expected_equalsClassicPageRankOnCollections() {
    int n = 2_000;
    Map<Integer, List<Integer>> links = new HashMap<>();
    for (long g = 0; g < small.records(); g++) {
      links.computeIfAbsent(S8PageRankPowerLaw.source(g, 0.5, n), k -> new ArrayList<>())
          .add(S8PageRankPowerLaw.target(g, n));
    }
    Map<Integer, Double> ranks = new HashMap<>();
    links.keySet().forEach(v -> ranks.put(v, 1.0));
    for (int i = 0; i < 3; i++) {
      Map<Integer, Double> sums = new HashMap<>();
      links.forEach((src, targets) -> {
        Double rank = ranks.get(src);
        if (rank != null) {
          targets.forEach(t -> sums.merge(t, rank / targets.size(), Double::sum));
        }
      });
      ranks.clear();
      sums.forEach((v, s) -> ranks.put(v, 0.15 + 0.85 * s));
    }
    S8PageRankPowerLaw.Summary s = new S8PageRankPowerLaw.Summary();
    ranks.forEach(s::add);
    assertThat(S8PageRankPowerLaw.expected(small)).isEqualTo(s.render());
  }

  @Test
  void source_hubShareOfEdges_isTheSkew() {
    int hub = 0;
    int edges = 100_000;
    for (long g = 0; g < edges; g++) {
      if (S8PageRankPowerLaw.source(g, 0.3, 1_000) == S8PageRankPowerLaw.HUB) {
        hub++;
      }
    }
    assertThat(hub / (double) edges).isBetween(0.29, 0.31);
  }

  @Test
  void summary_keepsTheTenHighestRanksTiesBySmallerId() {
    S8PageRankPowerLaw.Summary s = new S8PageRankPowerLaw.Summary();
    for (int v = 0; v < 30; v++) {
      s.add(v, v % 15);
    }
    assertThat(s.render()).startsWith("ranked=30 sum=2.10000000e+02 top=14:1.4000000e+01,29:1.4000000e+01,13:");
    assertThat(s.top).hasSize(10);
  }
}

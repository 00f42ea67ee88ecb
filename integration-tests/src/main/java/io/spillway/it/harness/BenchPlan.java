package io.spillway.it.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of a benchmark's runs. Pair by pair, and within a pair case by case, both sides back to back;
 * the side that goes first alternates from pair to pair (stock first in pair 1).
 *
 * <p>Why this order: a machine drifts (caches warm, another job starts or ends), so a side that always ran
 * first or always ran second would carry the drift into the ratio; alternating cancels a steady drift over
 * two pairs. Running pair-major rather than case-major spreads each case's pairs over the whole benchmark,
 * so a burst of load on the machine spoils at most one pair of a case, which the median then ignores.
 */
final class BenchPlan {

  /** One driver JVM to start: a case, in a mode, as part of pair {@code pair} (1-based). */
  record Run(int pair, String caseId, String mode) {}

  private BenchPlan() {}

  /** The sides of pair {@code pair} (1-based) in run order: stock first in odd pairs, Spillway first in even. */
  static List<String> sidesOfPair(int pair) {
    if (pair < 1) {
      throw new IllegalArgumentException("pairs are numbered from 1, got " + pair);
    }
    return pair % 2 == 1 ? List.of("stock", "spillway") : List.of("spillway", "stock");
  }

  /** Every run of {@code pairs} pairs of each of {@code caseIds}, in order. */
  static List<Run> runs(List<String> caseIds, int pairs) {
    List<Run> runs = new ArrayList<>();
    for (int pair = 1; pair <= pairs; pair++) {
      for (String id : caseIds) {
        for (String mode : sidesOfPair(pair)) {
          runs.add(new Run(pair, id, mode));
        }
      }
    }
    return runs;
  }
}

package io.spillway.it.harness;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One stock/Spillway pair of a benchmark case: the two runs, back to back, and which went first.
 *
 * @param pair      1-based pair number
 * @param firstMode {@code stock} or {@code spillway}, the side that ran first
 * @param stock     the stock run
 * @param spillway  the Spillway run
 */
public record BenchPair(int pair, String firstMode, RunRecord stock, RunRecord spillway) {

  /** Both runs finished with the expected answer. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public boolean correct() {
    return stock.outcome() == Outcome.OK && spillway.outcome() == Outcome.OK;
  }

  /**
   * Spillway's wall time over stock's; null unless both runs are correct (a time against a run that failed
   * says nothing about overhead).
   */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public Double ratio() {
    return correct() ? BenchStats.ratio(stock.wallMillis(), spillway.wallMillis()) : null;
  }
}

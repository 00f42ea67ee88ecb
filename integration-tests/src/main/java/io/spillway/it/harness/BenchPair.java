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

  /**
   * Both runs finished with the expected answer, and with the same answer: a workload whose answer cannot be
   * derived without Spark (a TPC-H query) is judged by this comparison with stock.
   */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public boolean correct() {
    return stock.outcome() == Outcome.OK && spillway.outcome() == Outcome.OK
        && stock.actual().equals(spillway.actual());
  }

  /**
   * Spillway's wall time over stock's; null unless both runs are correct (a time against a run that failed
   * says nothing about overhead).
   */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public Double ratio() {
    return correct() ? BenchStats.ratio(timedMillis(stock), timedMillis(spillway)) : null;
  }

  /**
   * What a benchmark times of a run: its Spark jobs (the event log's job times, input preparation left out), or
   * the runner's wall time when the run left no job times (no event log, or one written before they were kept).
   */
  public static long timedMillis(RunRecord r) {
    long jobs = r.metrics().times().jobsMillis();
    return jobs > 0 ? jobs : r.wallMillis();
  }
}

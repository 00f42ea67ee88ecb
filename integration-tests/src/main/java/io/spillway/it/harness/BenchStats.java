package io.spillway.it.harness;

import java.util.List;

/** The arithmetic of the benchmark: one pair's time ratio and the median of a case's ratios. */
final class BenchStats {

  private BenchStats() {}

  /** Spillway's wall time over stock's, the figure the bench bounds; both times must be positive. */
  static double ratio(long stockMillis, long spillwayMillis) {
    if (stockMillis <= 0 || spillwayMillis <= 0) {
      throw new IllegalArgumentException("wall times must be > 0, got stock " + stockMillis + " ms, spillway "
          + spillwayMillis + " ms");
    }
    return (double) spillwayMillis / stockMillis;
  }

  /** The median: the middle value, or the mean of the two middle values of an even count. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("the median of no values is undefined");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  static long medianMillis(List<Long> values) {
    return Math.round(median(values.stream().map(Long::doubleValue).toList()));
  }
}

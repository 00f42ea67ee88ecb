package io.spillway.it.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * A benchmark case's pairs and what they add up to: the median, min and max Spillway/stock ratio over the
 * correct pairs, and whether every run was correct.
 *
 * @param caseId the case id
 * @param title  the case's one-line description
 * @param pairs  its pairs, in pair order
 */
public record BenchCase(String caseId, String title, List<BenchPair> pairs) {

  public BenchCase {
    pairs = List.copyOf(pairs);
  }

  /** Every run of every pair finished with the expected answer. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public boolean allCorrect() {
    return !pairs.isEmpty() && pairs.stream().allMatch(BenchPair::correct);
  }

  /** The ratios of the correct pairs, in pair order. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public List<Double> ratios() {
    return pairs.stream().map(BenchPair::ratio).filter(Objects::nonNull).toList();
  }

  /** The median ratio over the correct pairs; null when no pair was correct. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public Double medianRatio() {
    return ratios().isEmpty() ? null : BenchStats.median(ratios());
  }

  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public Double minRatio() {
    return ratios().stream().min(Double::compare).orElse(null);
  }

  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public Double maxRatio() {
    return ratios().stream().max(Double::compare).orElse(null);
  }

  /** The median stock time ({@link BenchPair#timedMillis}) over the correct pairs, 0 when none. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public long medianStockMillis() {
    List<Long> t = pairs.stream().filter(BenchPair::correct).map(p -> BenchPair.timedMillis(p.stock())).toList();
    return t.isEmpty() ? 0 : BenchStats.medianMillis(t);
  }

  /** The median Spillway time ({@link BenchPair#timedMillis}) over the correct pairs, 0 when none. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public long medianSpillwayMillis() {
    List<Long> t = pairs.stream().filter(BenchPair::correct).map(p -> BenchPair.timedMillis(p.spillway())).toList();
    return t.isEmpty() ? 0 : BenchStats.medianMillis(t);
  }

  /** Every run correct and the median ratio at most {@code targetRatio}. */
  public boolean meets(double targetRatio) {
    Double median = medianRatio();
    return allCorrect() && median != null && median <= targetRatio;
  }
}

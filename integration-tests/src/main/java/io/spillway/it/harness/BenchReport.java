package io.spillway.it.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code bench-report/report.json} holds; {@code report.md} is a rendering of it
 * ({@link BenchMarkdown}).
 *
 * @param createdAt          ISO-8601 instant the report was written
 * @param settings           the harness options as given (cases, pairs, executor memory, scale, …)
 * @param nonDefaultSettings Spark settings that differ from Spark's defaults, with the side when not both
 * @param environment        machine cores and memory, Java and Spark versions, OS
 * @param targetMedianRatio  the bound on each case's median Spillway/stock ratio (1.02 by default)
 * @param cases              per case, its pairs, in the order the cases were given
 */
public record BenchReport(String createdAt, Map<String, String> settings, List<String> nonDefaultSettings,
    Map<String, String> environment, double targetMedianRatio, List<BenchCase> cases) {

  /** The bench's bar: with no memory pressure, Spillway's median wall time is at most 2% above stock's. */
  public static final double TARGET_MEDIAN_RATIO = 1.02;

  public BenchReport {
    settings = Map.copyOf(settings);
    nonDefaultSettings = List.copyOf(nonDefaultSettings);
    environment = Map.copyOf(environment);
    cases = List.copyOf(cases);
  }

  /** Every run of every case finished with the expected answer. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public boolean allCorrect() {
    return cases.stream().allMatch(BenchCase::allCorrect);
  }

  /** Every case correct with its median ratio within the target. */
  @JsonProperty(access = JsonProperty.Access.READ_ONLY)
  public boolean meetsTarget() {
    return cases.stream().allMatch(c -> c.meets(targetMedianRatio));
  }
}

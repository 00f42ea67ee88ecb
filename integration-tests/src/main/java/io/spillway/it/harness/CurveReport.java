package io.spillway.it.harness;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything {@code curve-report/report.json} holds; {@code report.md} and {@code report.html} are renderings
 * of it ({@link CurveMarkdown}, {@link CurveHtml}).
 *
 * @param createdAt          ISO-8601 instant the report was written
 * @param settings           the harness options as given (cases, memories, modes, scale, …)
 * @param nonDefaultSettings Spark settings that differ from Spark's defaults, with the side when not both
 * @param environment        machine cores and memory, Java and Spark versions, OS
 * @param maxRatio           the bound on time at the smallest memory over time at the largest (3 by default)
 * @param series             per case and mode, its points; cases in the order given, modes in run order
 */
public record CurveReport(String createdAt, Map<String, String> settings, List<String> nonDefaultSettings,
    Map<String, String> environment, double maxRatio, List<CurveSeries> series) {

  /** The curve's bound: wall time at the smallest executor memory is at most 3× the time at the largest. */
  public static final double MAX_RATIO = 3.0;

  /** The bound as the usage text shows it. */
  static final String MAX_RATIO_TEXT = "time at the smallest memory ≤ 3 × time at the largest";

  public CurveReport {
    settings = Map.copyOf(settings);
    nonDefaultSettings = List.copyOf(nonDefaultSettings);
    environment = Map.copyOf(environment);
    series = List.copyOf(series);
  }

  /** The case ids, in the order their series appear. */
  public List<String> caseIds() {
    Set<String> ids = new LinkedHashSet<>();
    series.forEach(s -> ids.add(s.caseId()));
    return List.copyOf(ids);
  }

  /** The series of one case, in run order of the modes. */
  public List<CurveSeries> seriesOf(String caseId) {
    return series.stream().filter(s -> s.caseId().equals(caseId)).toList();
  }
}

package io.spillway.it.harness;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code report.json} holds: when and where the suite ran, with which settings, and every
 * run. The Markdown and HTML pages are renderings of this and nothing else.
 *
 * @param createdAt          ISO-8601 instant the report was written
 * @param settings           the harness options as given (executors, memory, scale, …)
 * @param nonDefaultSettings Spark settings that differ from Spark's defaults, as {@code key=value}, with
 *                           the side they apply to when not both
 * @param environment        machine cores and memory, Java and Spark versions, OS
 * @param runs               every run, in run order
 */
public record AbReport(String createdAt, Map<String, String> settings, List<String> nonDefaultSettings,
    Map<String, String> environment, List<RunRecord> runs) {

  public AbReport {
    settings = Map.copyOf(settings);
    nonDefaultSettings = List.copyOf(nonDefaultSettings);
    environment = Map.copyOf(environment);
    runs = List.copyOf(runs);
  }
}

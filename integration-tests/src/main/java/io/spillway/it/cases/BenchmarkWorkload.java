package io.spillway.it.cases;

/**
 * A no-pressure workload of {@code spillway bench}: neither a seed OOM case nor a variant, run by the benchmark's
 * default suite and by {@code spillway ab} only when named. What sets it apart from {@link OomCase} is only
 * these defaults; the runner and the judging are the same.
 */
public interface BenchmarkWorkload extends OomCase {

  @Override
  default String seedCases() {
    return "none (benchmark)";
  }

  @Override
  default boolean isSeedCase() {
    return false;
  }
}

package io.spillway.it.cases;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every registered workload, looked up by id: the seed OOM suite in report order, then the no-pressure
 * benchmark workloads; variants such as S2S (neither) sit next to the case they vary. {@link #all()} is the seed
 * suite only, so {@code spillway ab} without {@code --cases} runs S1–S11 and nothing else; {@link #byIds} finds
 * any registered workload.
 */
public final class Cases {

  private static final Map<String, OomCase> BY_ID = new LinkedHashMap<>();

  static {
    // Each seed case registers here, in S1..S11 order.
    register(new S1GroupByKeyHotKey());
    register(new S2JoinHotKey());
    // S2 with io.spillway.skew.SkewJoin: neither seed case nor benchmark, runs only when named (--cases S2,S2S).
    register(new S2SJoinHotKeySkewJoin());
    register(new S3AggregateByKeyIntoSet());
    register(new S4MapPartitionsUserHashMap());
    register(new S5PersistLargerThanStorage());
    register(new S6RepeatedBroadcasts());
    register(new S7LargeFetchInFlight());
    register(new S8PageRankPowerLaw());
    register(new S9KMeansCachedIterations());
    register(new S10SortAndDistinct());
    register(new S11MultiMiBRecords());
    // Benchmark workloads (isSeedCase() == false).
    register(new B1ReduceByKeyUniform());
    register(new B2SortByKeyUniform());
    register(new B5WordCount());
    register(new B6GroupByKeyLargeGroups());
    // a reduceByKey over many distinct keys (the tiered store's workload): neither seed case nor benchmark, runs only when named (--cases B3)
    register(new B3ReduceByKeyManyDistinctKeys());
    // a plain RDD join with no skew (what Spillway's cogroup costs when nothing spills)
    register(new B4JoinUniform());
    // TPC-H queries through Spark SQL over generated tables, judged against stock's answer
    for (int q : new int[] {1, 3, 5, 9, 18}) {
      register(new io.spillway.it.cases.tpch.TpchQueryCase(q));
    }
    // a DataFrame skew join split by AQE (the SQL path on each Spark line): runs only when named (--cases Q1)
    register(new Q1DataFrameSkewJoin());
    // every task of a stage holding 40 % of a 1 GiB heap, for 4-core executors: neither seed case nor benchmark,
    // runs only when named (--cases S12 --cores 4 --executor-memory 1g)
    register(new S12EveryTaskHoldsLargeUserMap());
  }

  private Cases() {}

  /** The seed OOM suite (every registered case whose {@link OomCase#isSeedCase()} is true), in order. */
  public static List<OomCase> all() {
    return BY_ID.values().stream().filter(OomCase::isSeedCase).toList();
  }

  /** The benchmark workloads ({@link OomCase#isBenchmark()}), in order. */
  public static List<OomCase> benchmarks() {
    return BY_ID.values().stream().filter(OomCase::isBenchmark).toList();
  }

  /** Every registered workload, seed cases first. */
  public static List<OomCase> registered() {
    return List.copyOf(BY_ID.values());
  }

  /** Looks up {@code S1,B1}-style ids; an unknown id fails with the list of known ones. */
  public static List<OomCase> byIds(String commaSeparatedIds) {
    return Arrays.stream(commaSeparatedIds.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .map(id -> {
          OomCase c = BY_ID.get(id.toUpperCase(java.util.Locale.ROOT));
          if (c == null) {
            throw new IllegalArgumentException("unknown case '" + id + "'; known: " + String.join(",", BY_ID.keySet()));
          }
          return c;
        })
        .collect(Collectors.toList());
  }

  static void register(OomCase c) {
    BY_ID.put(c.id(), c);
  }
}

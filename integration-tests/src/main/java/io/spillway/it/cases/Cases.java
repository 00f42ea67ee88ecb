package io.spillway.it.cases;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The seed OOM suite, in report order, looked up by id. */
public final class Cases {

  private static final Map<String, OomCase> BY_ID = new LinkedHashMap<>();

  static {
    // Each case registers here, in S1..S11 order.
    register(new S1GroupByKeyHotKey());
    register(new S2JoinHotKey());
    register(new S3AggregateByKeyIntoSet());
    register(new S4MapPartitionsUserHashMap());
    register(new S5PersistLargerThanStorage());
    register(new S6RepeatedBroadcasts());
    register(new S7LargeFetchInFlight());
    register(new S8PageRankPowerLaw());
    register(new S9KMeansCachedIterations());
    register(new S10SortAndDistinct());
    register(new S11MultiMiBRecords());
  }

  private Cases() {}

  public static List<OomCase> all() {
    return List.copyOf(BY_ID.values());
  }

  /** Looks up {@code S1,S3}-style ids; an unknown id fails with the list of known ones. */
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

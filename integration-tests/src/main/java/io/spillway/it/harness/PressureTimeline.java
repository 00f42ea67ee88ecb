package io.spillway.it.harness;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Spillway's pressure events of one run, laid out per executor on one time axis: which pressure level
 * each executor was at when, which actions it engaged or released, and when it was lost. The report
 * draws it ({@link PressureTimelineSvg}), summarises it ({@link PressureTimelineText}) and writes it to
 * report.json next to the raw events it was built from.
 *
 * <h2>How it is built</h2>
 * Times are milliseconds since the application start (SparkListenerApplicationStart; without one, the
 * earliest instant in the log); the axis ends at SparkListenerApplicationEnd or, for a driver that was
 * killed, at the latest instant the log shows. An executor's lane runs from its ExecutorAdded to its
 * ExecutorRemoved (or the end). Its level starts at the first level change's "fromLevel" (the plugin
 * starts every executor at NORMAL and posts only changes) and each PressureLevelChangedEvent starts a new
 * span. Event timestamps come from the executor's clock, the lane's ends from the driver's: on one
 * machine they agree, elsewhere a skewed event is clamped into its lane rather than drawn outside it.
 *
 * <p>A run without Spillway events (stock Spark, or the plugin off) has no timeline at all rather than
 * lanes that claim NORMAL pressure nobody measured. Only pressure events (level changes and actions) belong
 * here, and retries that ran alone after an out-of-memory failure (an {@value #ALONE_ACTION} action at the
 * executor's level then, when the task ended); Spillway's other events (skew reports, tiered-store statistics)
 * are not looked at. A pressure event
 * naming no executor or with a level this harness does not know is counted in {@code skippedEvents}, not
 * drawn.
 *
 * @param durationMillis the length of the axis
 * @param executors      one lane per executor, by executor id (numerically when ids are numbers)
 * @param skippedEvents  pressure events that could not be placed on a lane
 */
public record PressureTimeline(long durationMillis, List<ExecutorLane> executors, int skippedEvents) {

  /** The "Event" of a level change, as Jackson logs {@code io.spillway.runtime.PressureLevelChangedEvent}. */
  static final String LEVEL_EVENT = "io.spillway.runtime.PressureLevelChangedEvent";

  /** The "Event" of an action, as Jackson logs {@code io.spillway.runtime.PressureActionEvent}. */
  static final String ACTION_EVENT = "io.spillway.runtime.PressureActionEvent";

  /** The "Event" of a retry that ran alone, as Jackson logs {@code io.spillway.runtime.oomretry.ExclusiveRetryEvent}. */
  static final String ALONE_EVENT = ExclusiveRetryRows.EVENT;

  /** The action name under which a retry that ran alone is drawn. */
  static final String ALONE_ACTION = "aloneRetry";

  /** The timeline of a run without Spillway events. */
  public static final PressureTimeline NONE = new PressureTimeline(0, List.of(), 0);

  public PressureTimeline {
    executors = List.copyOf(executors);
  }

  /**
   * The executor's pressure level, mirroring {@code io.spillway.runtime.pressure.PressureLevel} by name
   * (the harness reads logs, it does not load the runtime), mildest first.
   */
  public enum Level {
    NORMAL, ELEVATED, HIGH, CRITICAL;

    static Optional<Level> parse(String name) {
      return Stream.of(values()).filter(l -> l.name().equals(name)).findFirst();
    }
  }

  /** The executor was at {@code level} from {@code fromMillis} to {@code toMillis} (since app start). */
  public record LevelSpan(Level level, long fromMillis, long toMillis) {

    @JsonProperty
    public long durationMillis() {
      return toMillis - fromMillis;
    }
  }

  /**
   * One PressureActionEvent: {@code action} (e.g. executionBalloon) engaged or released (undone) at
   * {@code level}, {@code atMillis} since the application start, with the plugin's own words in
   * {@code detail}.
   */
  public record Action(String action, Level level, boolean engaged, String detail, long atMillis) {}

  /**
   * One executor's row.
   *
   * @param executorId  Spark's executor id
   * @param startMillis when it was added (or its first event, when the log has no ExecutorAdded)
   * @param endMillis   when it was removed, else the end of the axis
   * @param levels      consecutive spans from {@code startMillis} to {@code endMillis}, in time order
   * @param actions     in time order
   * @param losses      its SparkListenerExecutorRemoved (at most one; empty while it lived to the end)
   */
  public record ExecutorLane(String executorId, long startMillis, long endMillis, List<LevelSpan> levels,
      List<Action> actions, List<LostExecutor> losses) {

    public ExecutorLane {
      levels = List.copyOf(levels);
      actions = List.copyOf(actions);
      losses = List.copyOf(losses);
    }

    /** Time spent at each level, every level present. */
    @JsonProperty
    public Map<Level, Long> millisAtLevel() {
      Map<Level, Long> at = new EnumMap<>(Level.class);
      for (Level l : Level.values()) {
        at.put(l, 0L);
      }
      levels.forEach(s -> at.merge(s.level(), s.durationMillis(), Long::sum));
      return at;
    }

    /** The highest level it reached. */
    @JsonProperty
    public Level peakLevel() {
      return levels.stream().map(LevelSpan::level).max(Comparator.naturalOrder()).orElse(Level.NORMAL);
    }

    /** Engagements per action name, names sorted; actions only ever released count 0. */
    public Map<String, Integer> engagedCounts() {
      return count(true);
    }

    /** Releases per action name, names sorted. */
    public Map<String, Integer> releasedCounts() {
      return count(false);
    }

    private Map<String, Integer> count(boolean engaged) {
      Map<String, Integer> n = new LinkedHashMap<>();
      actions.stream().map(Action::action).sorted().forEach(a -> n.put(a, 0));
      actions.stream().filter(a -> a.engaged() == engaged).forEach(a -> n.merge(a.action(), 1, Integer::sum));
      return n;
    }
  }

  /** Every action name that occurs on any lane, sorted: the rows and legend of the drawing. */
  public List<String> actionNames() {
    TreeSet<String> names = new TreeSet<>();
    executors.forEach(l -> l.actions().forEach(a -> names.add(a.action())));
    return List.copyOf(names);
  }

  /** Builds the timeline; {@link #NONE} when there are no pressure events. */
  static PressureTimeline of(List<JsonNode> spillwayEvents, EventLogTimes times, List<LostExecutor> lost) {
    List<JsonNode> pressureEvents = spillwayEvents.stream().map(PressureTimeline::flatten)
        .filter(PressureTimeline::isPressureEvent).toList();
    if (pressureEvents.isEmpty()) {
      return NONE;
    }
    Map<String, List<JsonNode>> byExecutor = new LinkedHashMap<>();
    int skipped = 0;
    for (JsonNode e : pressureEvents) {
      if (readable(e)) {
        byExecutor.computeIfAbsent(e.get("executorId").asText(), k -> new ArrayList<>()).add(e);
      } else {
        skipped++;
      }
    }
    // Sort by time: events of one executor are logged in arrival order, which may differ by a few ms.
    byExecutor.values().forEach(l -> l.sort(Comparator.comparingLong(e -> e.path("timestampMillis").asLong())));
    Axis axis = Axis.of(times, byExecutor);
    TreeSet<String> ids = new TreeSet<>(EXECUTOR_ORDER);
    ids.addAll(byExecutor.keySet());
    ids.addAll(times.executorAddedMillis().keySet());
    ids.addAll(times.executorRemovedMillis().keySet());
    lost.forEach(l -> ids.add(l.executorId()));
    List<ExecutorLane> lanes = new ArrayList<>();
    for (String id : ids) {
      lanes.add(lane(id, byExecutor.getOrDefault(id, List.of()), times, lost, axis));
    }
    return new PressureTimeline(axis.durationMillis(), lanes, skipped);
  }

  private static boolean isPressureEvent(JsonNode e) {
    String type = e.path("Event").asText();
    return type.equals(LEVEL_EVENT) || type.equals(ACTION_EVENT) || type.equals(ALONE_EVENT);
  }

  /** A retry that ran alone with its report's executor, time and description at the top, as actions have them. */
  private static JsonNode flatten(JsonNode e) {
    if (!e.path("Event").asText().equals(ALONE_EVENT)) {
      return e;
    }
    JsonNode r = e.path("report");
    ObjectNode flat = JsonNodeFactory.instance.objectNode();
    flat.put("Event", ALONE_EVENT);
    if (r.hasNonNull("executorId")) {
      flat.put("executorId", r.get("executorId").asText());
    }
    flat.put("timestampMillis", r.path("timestampMillis").asLong());
    flat.put("detail", ExclusiveRetryRows.task(r) + " ran alone after " + r.path("priorOoms").asText("?")
        + " OOM attempt(s); waited " + r.path("waitedMillis").asLong() + " ms for " + r.path("runningAtOwnership").asText("?")
        + " running, held " + r.path("heldTasks").asText("?") + " task(s) for " + r.path("heldMillis").asLong() + " ms");
    return flat;
  }

  private static boolean readable(JsonNode e) {
    String type = e.path("Event").asText();
    if (!e.hasNonNull("executorId") || e.get("executorId").asText().isEmpty()) {
      return false;
    }
    return switch (type) {
      case LEVEL_EVENT -> Level.parse(e.path("toLevel").asText()).isPresent();
      case ACTION_EVENT -> Level.parse(e.path("level").asText()).isPresent() && e.hasNonNull("action");
      case ALONE_EVENT -> true;
      default -> false;
    };
  }

  private static ExecutorLane lane(String id, List<JsonNode> events, EventLogTimes times, List<LostExecutor> lost,
      Axis axis) {
    long first = events.isEmpty() ? axis.originMillis() : events.get(0).path("timestampMillis").asLong();
    long start = axis.at(times.executorAddedMillis().getOrDefault(id, first), 0);
    Long removed = times.executorRemovedMillis().get(id);
    long end = removed == null ? axis.durationMillis() : Math.max(start, axis.at(removed, start));
    List<LevelSpan> spans = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    Level current = events.stream().filter(e -> e.path("Event").asText().equals(LEVEL_EVENT)).findFirst()
        .flatMap(e -> Level.parse(e.path("fromLevel").asText())).orElse(Level.NORMAL);
    long spanStart = start;
    for (JsonNode e : events) {
      long at = Math.min(end, axis.at(e.path("timestampMillis").asLong(), start));
      if (e.path("Event").asText().equals(ALONE_EVENT)) {
        actions.add(new Action(ALONE_ACTION, current, true, e.path("detail").asText(), at));
        continue;
      }
      if (e.path("Event").asText().equals(ACTION_EVENT)) {
        actions.add(new Action(e.get("action").asText(), Level.parse(e.path("level").asText()).orElseThrow(),
            e.path("engaged").asBoolean(), e.path("detail").asText(), at));
        continue;
      }
      Level to = Level.parse(e.path("toLevel").asText()).orElseThrow();
      if (to != current) {
        spans.add(new LevelSpan(current, spanStart, at));
        current = to;
        spanStart = at;
      }
    }
    spans.add(new LevelSpan(current, spanStart, end));
    return new ExecutorLane(id, start, end, spans, actions,
        lost.stream().filter(l -> l.executorId().equals(id)).toList());
  }

  /** Ids that are numbers by value ("2" before "10"), then the others ("driver") by name. */
  static final Comparator<String> EXECUTOR_ORDER = Comparator
      .comparing((String id) -> !id.matches("\\d{1,18}"))
      .thenComparingLong(id -> id.matches("\\d{1,18}") ? Long.parseLong(id) : 0)
      .thenComparing(Comparator.naturalOrder());

  /** Where the axis starts (epoch ms) and how long it is; {@link #at} maps an instant onto it. */
  private record Axis(long originMillis, long durationMillis) {

    static Axis of(EventLogTimes t, Map<String, List<JsonNode>> events) {
      long[] seen = LongStream.concat(
          Stream.of(t.executorAddedMillis(), t.executorRemovedMillis())
              .flatMap(m -> m.values().stream()).mapToLong(Long::longValue),
          events.values().stream().flatMap(List::stream).mapToLong(e -> e.path("timestampMillis").asLong()))
          .filter(ms -> ms > 0).toArray();
      long origin = t.applicationStartMillis() > 0 ? t.applicationStartMillis()
          : LongStream.of(seen).min().orElse(0);
      long end = t.applicationEndMillis() > 0 ? t.applicationEndMillis() : LongStream.of(seen).max().orElse(origin);
      return new Axis(origin, Math.max(0, end - origin));
    }

    /** {@code epochMillis} as milliseconds since the origin, kept within [{@code floorMillis}, duration]. */
    long at(long epochMillis, long floorMillis) {
      return Math.max(floorMillis, Math.min(durationMillis, epochMillis - originMillis));
    }
  }
}

package io.spillway.runtime.config;

/**
 * The shuffle reader's, writer's and grouping's settings ({@code spark.spillway.shuffle.*}, {@code spark.spillway.serializer.*}).
 * Declared here and registered with {@link SpillwayConf}, which validates, lists and documents every key.
 */
public final class ShuffleKeys {

  private static final String PREFIX = SpillwayConf.PREFIX;
  private static final KeyGroup KEYS = new KeyGroup();

  /**
   * Whether reduce tasks read through Spillway's own shuffle reader (per-task fetch limits). {@code false}
   * hands every read to Spark's {@code BlockStoreShuffleReader}: an escape hatch and the A/B baseline.
   */
  public static final ConfigEntry<Boolean> SHUFFLE_READER_ENABLED = KEYS.add(
      ConfigEntry.bool(PREFIX + "shuffle.reader.enabled", true)
          .doc("Read shuffle blocks through Spillway's reader, whose fetch limits can be chosen per task; "
              + "false uses Spark's BlockStoreShuffleReader unchanged.")
          .build());

  /**
   * Whether plain RDD cogroups and joins group through Spillway (hot keys' values stream to disk). Needs the
   * cogroup agent, which the shuffle manager loads into each executor at start.
   */
  public static final ConfigEntry<Boolean> SHUFFLE_COGROUP_ENABLED = KEYS.add(
      ConfigEntry.bool(PREFIX + "shuffle.cogroup.enabled", true)
          .doc("Compute the partitions of RDD cogroups and joins (join, leftOuterJoin, rightOuterJoin, fullOuterJoin, "
              + "cogroup, groupWith) with Spillway's grouping: a key's values from each input go to disk once they pass "
              + "groupSpillHeapRatio, and come back as a lazily read, re-iterable group. Works through a Java agent the "
              + "shuffle manager loads into each executor at start (it rewrites CoGroupedRDD.compute to ask Spillway "
              + "first), on the Spark versions it recognises. false loads no agent: Spark's code runs unchanged.")
          .build());

  /**
   * Whether map tasks of shuffles with map-side combine write through Spillway's sort writer, whose sort
   * buffer also spills on measured allocation and heap pressure; Spark's {@code SortShuffleWriter} spills on
   * a sampled size estimate only, which rare huge records escape (seed case S10).
   */
  public static final ConfigEntry<Boolean> SHUFFLE_MAP_SIDE_WRITER_ENABLED = KEYS.add(
      ConfigEntry.bool(PREFIX + "shuffle.mapSideWriter.enabled", true)
          .doc("Write the map output of map-side-combine shuffles (reduceByKey, aggregateByKey, combineByKey, distinct) "
              + "through Spillway's sort writer: Spark's SortShuffleWriter and file format, but its sort buffer also "
              + "spills when the task thread allocated more than half its share of the heap's free room since the last "
              + "spill, or under HIGH heap pressure. false uses Spark's SortShuffleWriter unchanged; other shuffles "
              + "always use Spark's writers.")
          .build());

  /**
   * Share of the executor's max heap that all its shuffle reads together may have requested and not yet
   * consumed. Stock Spark bounds bytes in flight per read only ({@code spark.reducer.maxSizeInFlight}), so
   * a generous window times the reads an executor runs at once (tasks × inputs of a cogroup) can exceed
   * the heap (seed case 4).
   */
  public static final ConfigEntry<Double> SHUFFLE_FETCH_BUDGET_HEAP_RATIO = KEYS.add(
      ConfigEntry.ratio(PREFIX + "shuffle.fetchBudgetHeapRatio", 0.2, 0.0, 1.0)
          .doc("Executor-wide cap on shuffle bytes in flight, as a share of the executor's max heap, shared by all its "
              + "concurrent reads: each read gets at most half of what is left (at least 4 MiB, at most "
              + "spark.reducer.maxSizeInFlight), and a block larger than its read's share streams to disk. 0 turns the "
              + "cap off. Applies to Spillway's reader (shuffle.reader.enabled).")
          .build());

  /**
   * Share of the executor's max heap one group of a groupByKey-style read may take before its values go
   * to disk; stock Spark keeps every group whole on the heap, so one hot key kills the executor.
   */
  public static final ConfigEntry<Double> SHUFFLE_GROUP_SPILL_HEAP_RATIO = KEYS.add(
      ConfigEntry.ratio(PREFIX + "shuffle.groupSpillHeapRatio", 0.05, 0.0, 1.0)
          .doc("In a groupByKey-style read (groupByKey, combineByKey without map-side combine building Spark's "
              + "buffers) a group whose estimated size passes this share of the max heap is streamed to local disk "
              + "and handed to user code as a lazily read, re-iterable Iterable. 0 keeps every group on the heap, "
              + "as Spark does. Applies to Spillway's reader (shuffle.reader.enabled).")
          .build());

  // ---- serializer -------------------------------------------------------------------------------

  /**
   * Output bytes after which {@code io.spillway.storage.serializer.BoundedJavaSerializer} (opt-in
   * {@code spark.serializer}) resets its stream, besides every {@code spark.serializer.objectStreamReset} objects.
   */
  public static final ConfigEntry<Long> SERIALIZER_RESET_BYTES = KEYS.add(
      ConfigEntry.bytes(PREFIX + "serializer.resetBytes", 1L << 20, 1L, 1L << 40)
          .doc("With spark.serializer=io.spillway.storage.serializer.BoundedJavaSerializer (opt-in; the jar must be on "
              + "the executors' class path): a Java serialization stream also resets after this many bytes, so an open "
              + "stream keeps at most about this much of what it wrote or read reachable (Spark's resets every 100 "
              + "objects: 100 MiB of 1 MiB records per open spill file in a merge).")
          .build());

  /**
   * Share of the max heap a group may reach before going to disk while the heap has room for it: a group
   * past {@code groupSpillHeapRatio} spills at once when the heap has none (or with no pressure monitor),
   * but otherwise stays in memory up to this share, so ample executors pay no disk I/O for it.
   */
  public static final ConfigEntry<Double> SHUFFLE_GROUP_SPILL_CALM_HEAP_RATIO = KEYS.add(
      ConfigEntry.ratio(PREFIX + "shuffle.groupSpillCalmHeapRatio", 0.05, 0.0, 1.0)
          .doc("While the executor's heap has room for it, a groupByKey-style group stays in memory up to this share of "
              + "the max heap (instead of shuffle.groupSpillHeapRatio). No room: pressure HIGH or above, or post-GC old-gen "
              + "occupancy plus the group reaching monitor.elevatedOccupancyRatio, or no pressure monitor (no plugin). "
              + "Values below groupSpillHeapRatio act as groupSpillHeapRatio; the default equals it (off): on a 512 MiB "
              + "executor a 20 % bound let a hot group outgrow a stale post-GC occupancy reading and fail seed case S5, "
              + "so raise it only on executors with heap to spare.")
          .build());

  private ShuffleKeys() {}

  static KeyGroup keys() {
    return KEYS;
  }
}

package io.spillway.runtime.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * Every {@code spark.spillway.*} setting, in one place. Components read values through these entries;
 * {@link #validate} runs at start-up (driver plugin, executor plugin, shuffle manager) so a bad value
 * fails early with the key, the value and the accepted range; the README's configuration reference is
 * generated from {@link #entries()} and a test keeps the two in step. Rules that span several entries
 * (ordered thresholds) are registered with {@link #requireAscending} / {@link #requireAtMost} and also
 * run by {@link #validate}.
 */
public final class SpillwayConf {

  /** Every Spillway key starts with this. */
  public static final String PREFIX = "spark.spillway.";

  private static final List<ConfigEntry<?>> ENTRIES = new ArrayList<>();

  /**
   * Rules over several entries (e.g. an exit threshold below its enter threshold), run by {@link #validate}.
   * Plain records, not lambdas over {@code SparkConf}: {@link ConfigReference} must load this class
   * without Spark on the class path.
   */
  private static final List<OrderRule<?>> CROSS_CHECKS = new ArrayList<>();

  // ---- monitor ------------------------------------------------------------------------------------

  /** Master switch of the executor heap-pressure monitor; off means the level always reads NORMAL. */
  public static final ConfigEntry<Boolean> MONITOR_ENABLED = register(
      ConfigEntry.bool(PREFIX + "monitor.enabled", true)
          .doc("Run the executor heap-pressure monitor (GC notifications). When false the pressure level is always NORMAL.")
          .build());

  /** Width of the sliding window over which the share of wall time spent in GC is measured. */
  public static final ConfigEntry<Long> MONITOR_GC_WINDOW_MILLIS = register(
      ConfigEntry.durationMillis(PREFIX + "monitor.gcWindow", 10_000L, 1_000L, 600_000L)
          .doc("Sliding window for the GC-time share and for counting ineffective full GCs.")
          .build());

  /** How long a level holds before it may step down; stepping up is immediate. */
  public static final ConfigEntry<Long> MONITOR_MIN_DWELL_MILLIS = register(
      ConfigEntry.durationMillis(PREFIX + "monitor.minDwell", 2_000L, 0L, 600_000L)
          .doc("Minimum time at a pressure level before it may drop to a lower one (rising is immediate).")
          .build());

  /** Post-GC old-generation occupancy that enters ELEVATED. */
  public static final ConfigEntry<Double> MONITOR_ELEVATED_OCCUPANCY_RATIO = register(occupancy(
      "elevatedOccupancyRatio", 0.70, "Post-GC old-gen used/max at or above which the level becomes ELEVATED."));
  /** Occupancy below which ELEVATED is left. */
  public static final ConfigEntry<Double> MONITOR_ELEVATED_OCCUPANCY_EXIT_RATIO = register(occupancy(
      "elevatedOccupancyExitRatio", 0.60, "Post-GC old-gen used/max below which ELEVATED is left (must be below the enter ratio)."));
  /** Occupancy that enters HIGH. */
  public static final ConfigEntry<Double> MONITOR_HIGH_OCCUPANCY_RATIO = register(occupancy(
      "highOccupancyRatio", 0.80, "Post-GC old-gen used/max at or above which the level becomes HIGH."));
  /** Occupancy below which HIGH is left. */
  public static final ConfigEntry<Double> MONITOR_HIGH_OCCUPANCY_EXIT_RATIO = register(occupancy(
      "highOccupancyExitRatio", 0.72, "Post-GC old-gen used/max below which HIGH is left (must be below the enter ratio)."));
  /** Occupancy that enters CRITICAL. */
  public static final ConfigEntry<Double> MONITOR_CRITICAL_OCCUPANCY_RATIO = register(occupancy(
      "criticalOccupancyRatio", 0.90, "Post-GC old-gen used/max at or above which the level becomes CRITICAL."));
  /** Occupancy below which CRITICAL is left. */
  public static final ConfigEntry<Double> MONITOR_CRITICAL_OCCUPANCY_EXIT_RATIO = register(occupancy(
      "criticalOccupancyExitRatio", 0.85, "Post-GC old-gen used/max below which CRITICAL is left (must be below the enter ratio)."));

  /** GC-time share of the window that enters ELEVATED. */
  public static final ConfigEntry<Double> MONITOR_ELEVATED_GC_TIME_RATIO = register(gcTime(
      "elevatedGcTimeRatio", 0.10, "Share of wall time spent in GC pauses over the window at or above which the level becomes ELEVATED."));
  /** GC-time share below which ELEVATED is left. */
  public static final ConfigEntry<Double> MONITOR_ELEVATED_GC_TIME_EXIT_RATIO = register(gcTime(
      "elevatedGcTimeExitRatio", 0.05, "GC-time share below which ELEVATED is left (must be below the enter ratio)."));
  /** GC-time share that enters HIGH. */
  public static final ConfigEntry<Double> MONITOR_HIGH_GC_TIME_RATIO = register(gcTime(
      "highGcTimeRatio", 0.25, "GC-time share at or above which the level becomes HIGH."));
  /** GC-time share below which HIGH is left. */
  public static final ConfigEntry<Double> MONITOR_HIGH_GC_TIME_EXIT_RATIO = register(gcTime(
      "highGcTimeExitRatio", 0.15, "GC-time share below which HIGH is left (must be below the enter ratio)."));
  /** GC-time share that enters CRITICAL. */
  public static final ConfigEntry<Double> MONITOR_CRITICAL_GC_TIME_RATIO = register(gcTime(
      "criticalGcTimeRatio", 0.50, "GC-time share at or above which the level becomes CRITICAL."));
  /** GC-time share below which CRITICAL is left. */
  public static final ConfigEntry<Double> MONITOR_CRITICAL_GC_TIME_EXIT_RATIO = register(gcTime(
      "criticalGcTimeExitRatio", 0.35, "GC-time share below which CRITICAL is left (must be below the enter ratio)."));

  /**
   * Old-gen occupancy below which the GC-time share does not count: GC time alone (young collections of a
   * CPU-bound job) does not mean the heap is running out.
   */
  public static final ConfigEntry<Double> MONITOR_GC_TIME_MIN_OCCUPANCY_RATIO = register(occupancy(
      "gcTimeMinOccupancyRatio", 0.50, "The GC-time share raises the level only while the old generation (post-GC, or a "
          + "fresher reading between collections) is at least this full: a busy GC on a roomy heap is not pressure."));

  /** A full GC freeing less than this share of the max heap counts as ineffective. */
  public static final ConfigEntry<Double> MONITOR_INEFFECTIVE_FULL_GC_FREED_RATIO = register(
      ConfigEntry.ratio(PREFIX + "monitor.ineffectiveFullGcFreedRatio", 0.05, 0.0, 1.0)
          .doc("A full (old) collection that frees less than this share of the max heap, on a heap at least as full as "
              + "elevatedOccupancyExitRatio, is ineffective.")
          .build());
  /** Ineffective full GCs in a row (within the window) that put the level at HIGH. */
  public static final ConfigEntry<Integer> MONITOR_INEFFECTIVE_FULL_GCS_FOR_HIGH = register(
      ConfigEntry.intValue(PREFIX + "monitor.ineffectiveFullGcsForHigh", 1, 1, 1000)
          .doc("Consecutive ineffective full GCs within the window that raise the level to HIGH.")
          .build());
  /** Ineffective full GCs in a row (within the window) that put the level at CRITICAL. */
  public static final ConfigEntry<Integer> MONITOR_INEFFECTIVE_FULL_GCS_FOR_CRITICAL = register(
      ConfigEntry.intValue(PREFIX + "monitor.ineffectiveFullGcsForCritical", 2, 1, 1000)
          .doc("Consecutive ineffective full GCs within the window that raise the level to CRITICAL (at least ineffectiveFullGcsForHigh).")
          .build());

  static {
    requireAscending(MONITOR_ELEVATED_OCCUPANCY_EXIT_RATIO, MONITOR_ELEVATED_OCCUPANCY_RATIO, "an exit threshold must be below its enter threshold, or the level flaps");
    requireAscending(MONITOR_HIGH_OCCUPANCY_EXIT_RATIO, MONITOR_HIGH_OCCUPANCY_RATIO, "an exit threshold must be below its enter threshold, or the level flaps");
    requireAscending(MONITOR_CRITICAL_OCCUPANCY_EXIT_RATIO, MONITOR_CRITICAL_OCCUPANCY_RATIO, "an exit threshold must be below its enter threshold, or the level flaps");
    requireAscending(MONITOR_ELEVATED_OCCUPANCY_RATIO, MONITOR_HIGH_OCCUPANCY_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    requireAscending(MONITOR_HIGH_OCCUPANCY_RATIO, MONITOR_CRITICAL_OCCUPANCY_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    requireAscending(MONITOR_ELEVATED_OCCUPANCY_EXIT_RATIO, MONITOR_HIGH_OCCUPANCY_EXIT_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    requireAscending(MONITOR_HIGH_OCCUPANCY_EXIT_RATIO, MONITOR_CRITICAL_OCCUPANCY_EXIT_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    requireAscending(MONITOR_ELEVATED_GC_TIME_EXIT_RATIO, MONITOR_ELEVATED_GC_TIME_RATIO, "an exit threshold must be below its enter threshold, or the level flaps");
    requireAscending(MONITOR_HIGH_GC_TIME_EXIT_RATIO, MONITOR_HIGH_GC_TIME_RATIO, "an exit threshold must be below its enter threshold, or the level flaps");
    requireAscending(MONITOR_CRITICAL_GC_TIME_EXIT_RATIO, MONITOR_CRITICAL_GC_TIME_RATIO, "an exit threshold must be below its enter threshold, or the level flaps");
    requireAscending(MONITOR_ELEVATED_GC_TIME_RATIO, MONITOR_HIGH_GC_TIME_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    requireAscending(MONITOR_HIGH_GC_TIME_RATIO, MONITOR_CRITICAL_GC_TIME_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    requireAscending(MONITOR_ELEVATED_GC_TIME_EXIT_RATIO, MONITOR_HIGH_GC_TIME_EXIT_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    requireAscending(MONITOR_HIGH_GC_TIME_EXIT_RATIO, MONITOR_CRITICAL_GC_TIME_EXIT_RATIO, "levels are ordered ELEVATED < HIGH < CRITICAL");
    requireAtMost(MONITOR_INEFFECTIVE_FULL_GCS_FOR_HIGH, MONITOR_INEFFECTIVE_FULL_GCS_FOR_CRITICAL, "levels are ordered HIGH < CRITICAL");
  }

  private static ConfigEntry<Double> occupancy(String name, double defaultRatio, String doc) {
    return ConfigEntry.ratio(PREFIX + "monitor." + name, defaultRatio, 0.0, 1.0).doc(doc).build();
  }

  private static ConfigEntry<Double> gcTime(String name, double defaultRatio, String doc) {
    return ConfigEntry.ratio(PREFIX + "monitor." + name, defaultRatio, 0.0, 1.0).doc(doc).build();
  }

  // ---- shuffle ------------------------------------------------------------------------------------

  /**
   * Whether reduce tasks read through Spillway's own shuffle reader (per-task fetch limits). {@code false}
   * hands every read to Spark's {@code BlockStoreShuffleReader}: an escape hatch and the A/B baseline.
   */
  public static final ConfigEntry<Boolean> SHUFFLE_READER_ENABLED = register(
      ConfigEntry.bool(PREFIX + "shuffle.reader.enabled", true)
          .doc("Read shuffle blocks through Spillway's reader, whose fetch limits can be chosen per task; "
              + "false uses Spark's BlockStoreShuffleReader unchanged.")
          .build());

  /**
   * Whether plain RDD cogroups and joins group through Spillway (hot keys' values stream to disk). Needs the
   * cogroup agent, which the shuffle manager loads into each executor at start.
   */
  public static final ConfigEntry<Boolean> SHUFFLE_COGROUP_ENABLED = register(
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
  public static final ConfigEntry<Boolean> SHUFFLE_MAP_SIDE_WRITER_ENABLED = register(
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
  public static final ConfigEntry<Double> SHUFFLE_FETCH_BUDGET_HEAP_RATIO = register(
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
  public static final ConfigEntry<Double> SHUFFLE_GROUP_SPILL_HEAP_RATIO = register(
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
  public static final ConfigEntry<Long> SERIALIZER_RESET_BYTES = register(
      ConfigEntry.bytes(PREFIX + "serializer.resetBytes", 1L << 20, 1L, 1L << 40)
          .doc("With spark.serializer=io.spillway.storage.serializer.BoundedJavaSerializer (opt-in; the jar must be on "
              + "the executors' class path): a Java serialization stream also resets after this many bytes, so an open "
              + "stream keeps at most about this much of what it wrote or read reachable (Spark's resets every 100 "
              + "objects: 100 MiB of 1 MiB records per open spill file in a merge).")
          .build());

  // ---- skew -------------------------------------------------------------------------------------

  /** Whether map tasks sketch their heaviest keys and the driver reports them per shuffle. */
  public static final ConfigEntry<Boolean> SKEW_ENABLED = register(
      ConfigEntry.bool(PREFIX + "skew.enabled", true)
          .doc("Every map task written through SpillwayShuffleManager keeps a bounded heavy-hitter sketch of its keys; "
              + "the driver merges them per shuffle and reports the top keys (driver log, metrics, event log). Needs "
              + "the plugin (spark.plugins) to carry sketches to the driver.")
          .build());
  /** Keys a map task's sketch tracks at once. */
  public static final ConfigEntry<Integer> SKEW_SKETCH_CAPACITY = register(
      ConfigEntry.intValue(PREFIX + "skew.sketchCapacity", 64, 8, 4096)
          .doc("Keys each map task's Space-Saving sketch tracks at once. Any key with more than 1/capacity of a task's "
              + "sampled records is guaranteed to be tracked.")
          .build());
  /** One record in this many is counted by the sketch. */
  public static final ConfigEntry<Integer> SKEW_SAMPLE_EVERY = register(
      ConfigEntry.intValue(PREFIX + "skew.sampleEvery", 128, 1, 1_000_000)
          .doc("The sketch counts one record in this many (random gaps averaging this many, counts scaled back up) and measures "
              + "its serialized size with the shuffle's serializer; 1 counts every record. Hot keys are frequent, so "
              + "sampling finds them at a fraction of the cost.")
          .build());
  /** Keys per shuffle report. */
  public static final ConfigEntry<Integer> SKEW_REPORT_TOP_KEYS = register(
      ConfigEntry.intValue(PREFIX + "skew.reportTopKeys", 10, 1, 1000)
          .doc("How many of a shuffle's heaviest keys its report lists.")
          .build());
  /** A hot key carries at least this many average reduce partitions' worth of data. */
  public static final ConfigEntry<Double> SKEW_HOT_PARTITION_LOAD = register(
      ConfigEntry.ratio(PREFIX + "skew.hotPartitionLoad", 2.0, 1.0, 1_000_000.0)
          .doc("A key is flagged hot when it alone carries at least this many times an average reduce partition's "
              + "bytes (records when sizes are unknown) and at least skew.minHotShare of the shuffle.")
          .build());
  /** A hot key carries at least this share of the shuffle. */
  public static final ConfigEntry<Double> SKEW_MIN_HOT_SHARE = register(
      ConfigEntry.ratio(PREFIX + "skew.minHotShare", 0.01, 0.0, 1.0)
          .doc("Least share of a shuffle's records or bytes a key must carry to be flagged hot.")
          .build());
  /** Longest key rendering in reports. */
  public static final ConfigEntry<Integer> SKEW_KEY_RENDER_CHARS = register(
      ConfigEntry.intValue(PREFIX + "skew.keyRenderChars", 64, 16, 4096)
          .doc("Longest rendering of a key in reports; longer keys are cut, binary keys shown as hex, collections by "
              + "size and first elements, and a toString that throws is reported, not thrown.")
          .build());

  /**
   * Share of the max heap a group may reach before going to disk while the heap has room for it: a group
   * past {@code groupSpillHeapRatio} spills at once when the heap has none (or with no pressure monitor),
   * but otherwise stays in memory up to this share, so ample executors pay no disk I/O for it.
   */
  public static final ConfigEntry<Double> SHUFFLE_GROUP_SPILL_CALM_HEAP_RATIO = register(
      ConfigEntry.ratio(PREFIX + "shuffle.groupSpillCalmHeapRatio", 0.05, 0.0, 1.0)
          .doc("While the executor's heap has room for it, a groupByKey-style group stays in memory up to this share of "
              + "the max heap (instead of shuffle.groupSpillHeapRatio). No room: pressure HIGH or above, or post-GC old-gen "
              + "occupancy plus the group reaching monitor.elevatedOccupancyRatio, or no pressure monitor (no plugin). "
              + "Values below groupSpillHeapRatio act as groupSpillHeapRatio; the default equals it (off): on a 512 MiB "
              + "executor a 20 % bound let a hot group outgrow a stale post-GC occupancy reading and fail seed case S5, "
              + "so raise it only on executors with heap to spare.")
          .build());

  // ---- control -----------------------------------------------------------------------------------

  /**
   * Master switch of the pressure control loop. On by default since it was measured on the seed suite
   * (README): at no pressure its actions never engage; {@code false} builds no controller or action.
   */
  public static final ConfigEntry<Boolean> CONTROL_ENABLED = register(
      ConfigEntry.bool(PREFIX + "control.enabled", true)
          .doc("Master switch of the pressure control loop (actions on heap pressure); each action's own switch only "
              + "takes effect when this is true. false builds no controller: Spillway then only observes pressure.")
          .build());

  /** Whether the controller reports heap Spark does not account for as unmanaged memory (needs Spark's polling). */
  public static final ConfigEntry<Boolean> CONTROL_UNMANAGED_HEAP_ENABLED = register(
      ConfigEntry.bool(PREFIX + "control.unmanagedHeap.enabled", true)
          .doc("At ELEVATED and above, report old-gen heap Spark does not account for to UnifiedMemoryManager as unmanaged "
              + "memory, so its pools shrink. Needs spark.memory.unmanagedMemoryPollingInterval > 0 and control.enabled.")
          .build());

  /** Whether the controller evicts cached blocks and moves the storage region toward execution under pressure. */
  public static final ConfigEntry<Boolean> CONTROL_STORAGE_DEMOTION_ENABLED = register(
      ConfigEntry.bool(PREFIX + "control.storageDemotion.enabled", true)
          .doc("At HIGH and above, evict cached blocks (to disk if their level allows) and give the storage region to "
              + "execution; grown back to the configured region as pressure falls. Needs control.enabled.")
          .build());

  /** Share of the configured storage region kept for storage at HIGH. */
  public static final ConfigEntry<Double> CONTROL_STORAGE_HIGH_RETAIN_RATIO = register(
      ConfigEntry.ratio(PREFIX + "control.storageDemotion.highRetainRatio", 0.5, 0.0, 1.0)
          .doc("At HIGH, the storage pool is shrunk to this share of the configured storage region (evicting blocks as needed).")
          .build());

  /** Share of the configured storage region kept for storage at CRITICAL. */
  public static final ConfigEntry<Double> CONTROL_STORAGE_CRITICAL_RETAIN_RATIO = register(
      ConfigEntry.ratio(PREFIX + "control.storageDemotion.criticalRetainRatio", 0.0, 0.0, 1.0)
          .doc("At CRITICAL, the storage pool is shrunk to this share of the configured storage region (at most highRetainRatio).")
          .build());

  /** Whether shuffle reads lower their fetch limits under pressure. */
  public static final ConfigEntry<Boolean> CONTROL_FETCH_THROTTLE_ENABLED = register(
      ConfigEntry.bool(PREFIX + "control.fetchThrottle.enabled", true)
          .doc("At ELEVATED and above, Spillway's shuffle reader lowers maxBytesInFlight, maxReqsInFlight and the "
              + "fetch-to-disk threshold per read (factors and floors in docs/pressure-control.md). Needs control.enabled.")
          .build());

  /** Whether tasks get an execution-memory balloon under pressure, and sorts spill on the real heap. */
  public static final ConfigEntry<Boolean> CONTROL_EXECUTION_BALLOON_ENABLED = register(
      ConfigEntry.bool(PREFIX + "control.executionBalloon.enabled", true)
          .doc("At HIGH and above, a task reserves part of its execution-memory share in a balloon (at start, or at its "
              + "next shuffle record if already running), so its sorters and maps spill earlier; kept until the task "
              + "ends (see keepUntilTaskEnd). Also lets Spillway's reduce-side sorts spill under HIGH pressure whatever "
              + "their size estimate says. Needs control.enabled.")
          .build());

  /** Execution memory of its share a ballooned task always keeps for its own consumers. */
  public static final ConfigEntry<Long> CONTROL_EXECUTION_BALLOON_TASK_FLOOR_BYTES = register(
      ConfigEntry.bytes(PREFIX + "control.executionBalloon.taskFloor", 16L << 20, 0L, 1L << 40)
          .doc("A balloon never leaves a task less than this much of its execution-memory share (heap / task slots).")
          .build());

  /**
   * Whether a running task keeps its balloon when pressure falls. A task's own spill is often what brought
   * the level down; releasing then lets the same consumer grow back into the same pressure (measured on
   * suite case S7: HIGH, spill, NORMAL, HIGH again every few seconds, then an OOM while merging).
   */
  public static final ConfigEntry<Boolean> CONTROL_EXECUTION_BALLOON_KEEP_UNTIL_TASK_END = register(
      ConfigEntry.bool(PREFIX + "control.executionBalloon.keepUntilTaskEnd", true)
          .doc("A task that got a balloon keeps it until it ends, even when pressure falls (tasks starting after the "
              + "fall get none); false releases every balloon as soon as the level drops below HIGH.")
          .build());

  /** Whether a task starting at CRITICAL waits (bounded) while other tasks run. */
  public static final ConfigEntry<Boolean> CONTROL_ADMISSION_ENABLED = register(
      ConfigEntry.bool(PREFIX + "control.admission.enabled", true)
          .doc("At CRITICAL, a task starting on the executor waits (at most control.admission.maxWait) until pressure "
              + "falls or no other task is running. Needs control.enabled.")
          .build());

  /** Longest a task waits at start under CRITICAL pressure. */
  public static final ConfigEntry<Long> CONTROL_ADMISSION_MAX_WAIT_MILLIS = register(
      ConfigEntry.durationMillis(PREFIX + "control.admission.maxWait", 10_000L, 0L, 600_000L)
          .doc("Longest a starting task waits in onTaskStart at CRITICAL before it runs anyway.")
          .build());

  /** How long CRITICAL must last, with two or more tasks running, before the youngest is interrupted. */
  public static final ConfigEntry<Long> CONTROL_ADMISSION_KILL_AFTER_MILLIS = register(
      ConfigEntry.durationMillis(PREFIX + "control.admission.killAfter", 15_000L, 0L, 3_600_000L)
          .doc("When CRITICAL lasts this long with two or more tasks running, the youngest running task is interrupted "
              + "(reported KILLED, rescheduled by Spark, not counted as a failure); checked again at the same interval. "
              + "Never the only task. 0 never interrupts. Needs control.admission.enabled.")
          .build());

  /** How often one partition of a stage may be interrupted that way. */
  public static final ConfigEntry<Integer> CONTROL_ADMISSION_MAX_KILLS_PER_PARTITION = register(
      ConfigEntry.intValue(PREFIX + "control.admission.maxKillsPerPartition", 1, 0, 100)
          .doc("Interruptions of the same stage partition at most, so a task that needs the heap runs to the end on "
              + "its retry. 0 never interrupts.")
          .build());

  // ---- retry after an out-of-memory failure ------------------------------------------------------

  /** Whether a retry of a partition that ran out of memory runs alone on its executor (docs/oom-retry.md). */
  public static final ConfigEntry<Boolean> OOM_RETRY_ENABLED = register(
      ConfigEntry.bool(PREFIX + "oomRetry.enabled", true)
          .doc("The driver records task attempts that ended in an out-of-memory failure (an OutOfMemoryError, or the "
              + "loss of their executor with exit code 52); a later attempt of such a partition runs alone on its "
              + "executor: no task starts beside it until it ends, and it waits (at most oomRetry.maxWaitAlone) for "
              + "the tasks already running. Independent of control.enabled and the pressure monitor.")
          .build());

  /** Longest a retry that should run alone waits for the tasks already running before it runs beside them. */
  public static final ConfigEntry<Long> OOM_RETRY_MAX_WAIT_ALONE_MILLIS = register(
      ConfigEntry.durationMillis(PREFIX + "oomRetry.maxWaitAlone", 60_000L, 0L, 3_600_000L)
          .doc("Longest a retry that runs alone waits in onTaskStart for the tasks already running on its executor "
              + "to end; then it runs anyway (tasks starting later are still held until it ends).")
          .build());

  // ---- tiered store ------------------------------------------------------------------------------

  /**
   * Share of the executor's max heap one tiered store's on-heap (Caffeine) tier may hold at NORMAL pressure;
   * what it evicts goes to the off-heap Chronicle Map tier (docs/tiered-store.md).
   */
  public static final ConfigEntry<Double> TIERED_HEAP_RATIO = register(
      ConfigEntry.ratio(PREFIX + "tiered.heapRatio", 0.1, 0.0, 1.0)
          .doc("Weight bound (estimated bytes) of one tiered store's on-heap tier at NORMAL pressure, as a share of the "
              + "executor's max heap; entries it evicts are written to the off-heap Chronicle Map tier.")
          .build());

  /** Share of the NORMAL bound the heap tier keeps at ELEVATED. */
  public static final ConfigEntry<Double> TIERED_ELEVATED_HEAP_SHARE = register(
      ConfigEntry.ratio(PREFIX + "tiered.elevatedHeapShare", 0.5, 0.0, 1.0)
          .doc("Share of tiered.heapRatio's bound a tiered store's heap tier keeps at ELEVATED pressure.")
          .build());

  /** Share of the NORMAL bound the heap tier keeps at HIGH. */
  public static final ConfigEntry<Double> TIERED_HIGH_HEAP_SHARE = register(
      ConfigEntry.ratio(PREFIX + "tiered.highHeapShare", 0.125, 0.0, 1.0)
          .doc("Share of tiered.heapRatio's bound a tiered store's heap tier keeps at HIGH pressure.")
          .build());

  /** Share of the NORMAL bound the heap tier keeps at CRITICAL. */
  public static final ConfigEntry<Double> TIERED_CRITICAL_HEAP_SHARE = register(
      ConfigEntry.ratio(PREFIX + "tiered.criticalHeapShare", 0.0, 0.0, 1.0)
          .doc("Share of tiered.heapRatio's bound a tiered store's heap tier keeps at CRITICAL pressure (0: every entry "
              + "goes off heap as soon as it is written).")
          .build());

  /** Entries the first off-heap map of a store is sized for; each chained map doubles it. */
  public static final ConfigEntry<Long> TIERED_FIRST_MAP_ENTRIES = register(
      ConfigEntry.longValue(PREFIX + "tiered.firstMapEntries", 65_536L, 1L, 1L << 30)
          .doc("Entries the first off-heap Chronicle Map of a tiered store is sized for (its file is preallocated on disk); when a map "
              + "fills, another one twice as large is chained.")
          .build());

  /** When reduce-side aggregation of a map-side-combined shuffle uses the tiered store (auto, never, always). */
  public static final ConfigEntry<String> TIERED_AGGREGATION = register(
      new ConfigEntry.Builder<String>(PREFIX + "tiered.aggregation", "auto")
          .parser(s -> s.trim().toLowerCase(java.util.Locale.ROOT))
          .accepts(v -> v.equals("auto") || v.equals("never") || v.equals("always"), "auto, never or always")
          .doc("Reduce-side aggregation of a map-side-combined shuffle (reduceByKey, aggregateByKey, combineByKey) "
              + "through the off-heap tiered store. auto: Spark's ExternalAppendOnlyMap, except when the pressure level is "
              + "HIGH or above when the read starts (the store from the first record) or when Spark's map would first "
              + "spill (its combiners move to the store and the rest of the read merges there); only for keys whose serialized bytes are equal exactly when the keys are "
              + "(strings, boxed primitives, Tuple2 of those). never: Spark's path. always: the store for every key type "
              + "(tests, benchmarks). Applies to Spillway's reader; off when the store is unavailable.")
          .build());

  // ---- Spark UI and History Server ----------------------------------------------------------------

  /** Whether the driver plugin adds a Spillway tab to the live Spark UI (docs/ui.md). */
  public static final ConfigEntry<Boolean> UI_ENABLED = register(
      ConfigEntry.bool(PREFIX + "ui.enabled", true)
          .doc("A Spillway tab in the live Spark UI: per-executor pressure timeline, actions, per-shuffle hot keys, "
              + "per-stage spill and tiered-store figures, effective settings, and its JSON form under /spillway/json. "
              + "The History Server shows the same tab, rebuilt from the event log, when this jar is on its class path "
              + "(not governed by this key).")
          .build());

  static {
    requireAtMost(CONTROL_STORAGE_CRITICAL_RETAIN_RATIO, CONTROL_STORAGE_HIGH_RETAIN_RATIO,
        "CRITICAL must not keep more storage than HIGH");
    requireAtMost(TIERED_CRITICAL_HEAP_SHARE, TIERED_HIGH_HEAP_SHARE, "CRITICAL must not keep more on heap than HIGH");
    requireAtMost(TIERED_HIGH_HEAP_SHARE, TIERED_ELEVATED_HEAP_SHARE, "HIGH must not keep more on heap than ELEVATED");
  }

  private SpillwayConf() {}

  private static <T> ConfigEntry<T> register(ConfigEntry<T> e) {
    ENTRIES.add(e);
    return e;
  }

  /**
   * Adds a rule that {@code lower} must be strictly below {@code upper}; {@link #validate} reports a
   * violation against {@code lower}'s key with both values and {@code why}.
   */
  static <T extends Comparable<T>> void requireAscending(ConfigEntry<T> lower, ConfigEntry<T> upper, String why) {
    CROSS_CHECKS.add(new OrderRule<>(lower, upper, true, why));
  }

  /** Like {@link #requireAscending} but equal values are accepted. */
  static <T extends Comparable<T>> void requireAtMost(ConfigEntry<T> lower, ConfigEntry<T> upper, String why) {
    CROSS_CHECKS.add(new OrderRule<>(lower, upper, false, why));
  }

  /** {@code lower} must be below (or, if not {@code strict}, at most) {@code upper}, because {@code why}. */
  private record OrderRule<T extends Comparable<T>>(ConfigEntry<T> lower, ConfigEntry<T> upper, boolean strict, String why) {
    void check(SparkConf conf) {
      T low = lower.get(conf);
      T high = upper.get(conf);
      int cmp = low.compareTo(high);
      if (strict ? cmp >= 0 : cmp > 0) {
        throw new InvalidConfigException(lower.key(), lower.render(low),
            (strict ? "a value below " : "a value at most ") + upper.key() + " (" + upper.render(high) + ") because " + why, null);
      }
    }
  }

  /** Every entry's key and effective value (set or default) in declaration order, for start-up logs. */
  public static Map<String, String> effectiveSettings(SparkConf conf) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ConfigEntry<?> e : ENTRIES) {
      out.put(e.key(), renderEffective(e, conf));
    }
    return out;
  }

  private static <T> String renderEffective(ConfigEntry<T> e, SparkConf conf) {
    return e.render(e.get(conf)) + (conf.contains(e.key()) ? "" : " (default)");
  }

  /** All entries in declaration order. */
  public static List<ConfigEntry<?>> entries() {
    return Collections.unmodifiableList(ENTRIES);
  }

  /**
   * Parses every entry set in {@code conf} and rejects unknown {@code spark.spillway.*} keys (a typo
   * would otherwise silently fall back to a default).
   *
   * @throws InvalidConfigException on the first bad value or unknown key
   */
  public static void validate(SparkConf conf) {
    for (Tuple2<String, String> kv : conf.getAllWithPrefix(PREFIX)) {
      String key = PREFIX + kv._1();
      ConfigEntry<?> entry = ENTRIES.stream().filter(e -> e.key().equals(key)).findFirst().orElse(null);
      if (entry == null) {
        throw new InvalidConfigException(key, kv._2(), "a known Spillway key" + KeySuggestion.nearest(key,
            ENTRIES.stream().map(ConfigEntry::key).toList()).map(k -> " (did you mean " + k + "?)").orElse("")
            + "; every key is listed in the README's configuration reference", null);
      }
      entry.parse(kv._2());
    }
    for (OrderRule<?> rule : CROSS_CHECKS) {
      rule.check(conf);
    }
  }
}

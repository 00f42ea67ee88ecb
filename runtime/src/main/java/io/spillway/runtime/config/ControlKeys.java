package io.spillway.runtime.config;

/**
 * The pressure control loop's settings ({@code spark.spillway.control.*}).
 * Declared here and registered with {@link SpillwayConf}, which validates, lists and documents every key.
 */
public final class ControlKeys {

  private static final String PREFIX = SpillwayConf.PREFIX;
  private static final KeyGroup KEYS = new KeyGroup();

  /**
   * Master switch of the pressure control loop. On by default: at no pressure its actions never engage
   * (the A/B figures are in the README and {@code docs/pressure-control.md}); {@code false} builds no controller
   * or action.
   */
  public static final ConfigEntry<Boolean> CONTROL_ENABLED = KEYS.add(
      ConfigEntry.bool(PREFIX + "control.enabled", true)
          .doc("Master switch of the pressure control loop (actions on heap pressure); each action's own switch only "
              + "takes effect when this is true. false builds no controller: Spillway then only observes pressure.")
          .build());

  /** Whether the controller reports heap Spark does not account for as unmanaged memory (needs Spark's polling). */
  public static final ConfigEntry<Boolean> CONTROL_UNMANAGED_HEAP_ENABLED = KEYS.add(
      ConfigEntry.bool(PREFIX + "control.unmanagedHeap.enabled", true)
          .doc("At ELEVATED and above, report old-gen heap Spark does not account for to UnifiedMemoryManager as unmanaged "
              + "memory, so its pools shrink. Needs spark.memory.unmanagedMemoryPollingInterval > 0 and control.enabled.")
          .build());

  /** Whether the controller evicts cached blocks and moves the storage region toward execution under pressure. */
  public static final ConfigEntry<Boolean> CONTROL_STORAGE_DEMOTION_ENABLED = KEYS.add(
      ConfigEntry.bool(PREFIX + "control.storageDemotion.enabled", true)
          .doc("At HIGH and above, evict cached blocks (to disk if their level allows) and give the storage region to "
              + "execution; grown back to the configured region as pressure falls. Needs control.enabled.")
          .build());

  /** Share of the configured storage region kept for storage at HIGH. */
  public static final ConfigEntry<Double> CONTROL_STORAGE_HIGH_RETAIN_RATIO = KEYS.add(
      ConfigEntry.ratio(PREFIX + "control.storageDemotion.highRetainRatio", 0.5, 0.0, 1.0)
          .doc("At HIGH, the storage pool is shrunk to this share of the configured storage region (evicting blocks as needed).")
          .build());

  /** Share of the configured storage region kept for storage at CRITICAL. */
  public static final ConfigEntry<Double> CONTROL_STORAGE_CRITICAL_RETAIN_RATIO = KEYS.add(
      ConfigEntry.ratio(PREFIX + "control.storageDemotion.criticalRetainRatio", 0.0, 0.0, 1.0)
          .doc("At CRITICAL, the storage pool is shrunk to this share of the configured storage region (at most highRetainRatio).")
          .build());

  /** Whether shuffle reads lower their fetch limits under pressure. */
  public static final ConfigEntry<Boolean> CONTROL_FETCH_THROTTLE_ENABLED = KEYS.add(
      ConfigEntry.bool(PREFIX + "control.fetchThrottle.enabled", true)
          .doc("At ELEVATED and above, Spillway's shuffle reader lowers maxBytesInFlight, maxReqsInFlight and the "
              + "fetch-to-disk threshold per read (factors and floors in docs/pressure-control.md). Needs control.enabled.")
          .build());

  /** Whether tasks get an execution-memory balloon under pressure, and sorts spill on the real heap. */
  public static final ConfigEntry<Boolean> CONTROL_EXECUTION_BALLOON_ENABLED = KEYS.add(
      ConfigEntry.bool(PREFIX + "control.executionBalloon.enabled", true)
          .doc("At HIGH and above, a task reserves part of its execution-memory share in a balloon (at start, or at its "
              + "next shuffle record if already running), so its sorters and maps spill earlier; kept until the task "
              + "ends (see keepUntilTaskEnd). Also lets Spillway's reduce-side sorts spill under HIGH pressure whatever "
              + "their size estimate says. Needs control.enabled.")
          .build());

  /** Execution memory of its share a ballooned task always keeps for its own consumers. */
  public static final ConfigEntry<Long> CONTROL_EXECUTION_BALLOON_TASK_FLOOR_BYTES = KEYS.add(
      ConfigEntry.bytes(PREFIX + "control.executionBalloon.taskFloor", 16L << 20, 0L, 1L << 40)
          .doc("A balloon never leaves a task less than this much of its execution-memory share (heap / task slots).")
          .build());

  /**
   * Whether a running task keeps its balloon when pressure falls. A task's own spill is often what brought
   * the level down; releasing then lets the same consumer grow back into the same pressure, so the level
   * cycles between HIGH and NORMAL until the task runs out of memory (see {@code docs/pressure-control.md}).
   */
  public static final ConfigEntry<Boolean> CONTROL_EXECUTION_BALLOON_KEEP_UNTIL_TASK_END = KEYS.add(
      ConfigEntry.bool(PREFIX + "control.executionBalloon.keepUntilTaskEnd", true)
          .doc("A task that got a balloon keeps it until it ends, even when pressure falls (tasks starting after the "
              + "fall get none); false releases every balloon as soon as the level drops below HIGH.")
          .build());

  /** Whether a task starting at CRITICAL waits (bounded) while other tasks run. */
  public static final ConfigEntry<Boolean> CONTROL_ADMISSION_ENABLED = KEYS.add(
      ConfigEntry.bool(PREFIX + "control.admission.enabled", true)
          .doc("At CRITICAL, a task starting on the executor waits (at most control.admission.maxWait) until pressure "
              + "falls or no other task is running. Needs control.enabled.")
          .build());

  /** Longest a task waits at start under CRITICAL pressure. */
  public static final ConfigEntry<Long> CONTROL_ADMISSION_MAX_WAIT_MILLIS = KEYS.add(
      ConfigEntry.durationMillis(PREFIX + "control.admission.maxWait", 10_000L, 0L, 600_000L)
          .doc("Longest a starting task waits in onTaskStart at CRITICAL before it runs anyway.")
          .build());

  /** How long CRITICAL must last, with two or more tasks running, before the youngest is interrupted. */
  public static final ConfigEntry<Long> CONTROL_ADMISSION_KILL_AFTER_MILLIS = KEYS.add(
      ConfigEntry.durationMillis(PREFIX + "control.admission.killAfter", 15_000L, 0L, 3_600_000L)
          .doc("When CRITICAL lasts this long with two or more tasks running, the youngest running task is interrupted "
              + "(reported KILLED, rescheduled by Spark, not counted as a failure); checked again at the same interval. "
              + "Never the only task. 0 never interrupts. Needs control.admission.enabled.")
          .build());

  /** How often one partition of a stage may be interrupted that way. */
  public static final ConfigEntry<Integer> CONTROL_ADMISSION_MAX_KILLS_PER_PARTITION = KEYS.add(
      ConfigEntry.intValue(PREFIX + "control.admission.maxKillsPerPartition", 1, 0, 100)
          .doc("Interruptions of the same stage partition at most, so a task that needs the heap runs to the end on "
              + "its retry. 0 never interrupts.")
          .build());

  static {
    KEYS.requireAtMost(CONTROL_STORAGE_CRITICAL_RETAIN_RATIO, CONTROL_STORAGE_HIGH_RETAIN_RATIO,
        "CRITICAL must not keep more storage than HIGH");
  }

  private ControlKeys() {}

  static KeyGroup keys() {
    return KEYS;
  }
}

package io.spillway.runtime.control;

import io.spillway.runtime.config.ControlKeys;
import org.apache.spark.SparkConf;

/**
 * The control loop's settings, read once from the validated conf. An action's switch counts only when
 * the master switch is on: {@link #storageDemotion()} etc. already fold that in.
 *
 * @param enabled the master switch ({@code spark.spillway.control.enabled})
 * @param unmanagedHeap report unmanaged heap to Spark
 * @param storageDemotion evict cached blocks and shrink the storage pool at HIGH+
 * @param storageHighRetainRatio share of the storage region kept at HIGH
 * @param storageCriticalRetainRatio share of the storage region kept at CRITICAL
 * @param fetchThrottle lower shuffle fetch limits at ELEVATED+
 * @param executionBalloon balloon tasks that start at HIGH+
 * @param balloonTaskFloorBytes execution memory a ballooned task always keeps
 * @param balloonKeepUntilTaskEnd a running task keeps its balloon when pressure falls
 * @param admission hold tasks starting at CRITICAL
 * @param admissionMaxWaitMillis longest such a hold
 * @param admissionKillAfterMillis CRITICAL this long with 2+ tasks running interrupts the youngest (0: never)
 * @param admissionMaxKillsPerPartition interruptions of one stage partition at most
 */
public record ControlSettings(
    boolean enabled,
    boolean unmanagedHeap,
    boolean storageDemotion,
    double storageHighRetainRatio,
    double storageCriticalRetainRatio,
    boolean fetchThrottle,
    boolean executionBalloon,
    long balloonTaskFloorBytes,
    boolean balloonKeepUntilTaskEnd,
    boolean admission,
    long admissionMaxWaitMillis,
    long admissionKillAfterMillis,
    int admissionMaxKillsPerPartition) {

  /** Everything off: stock behaviour. */
  public static final ControlSettings OFF = new ControlSettings(false, false, false, 1.0, 1.0, false, false, 0L, false, false, 0L, 0L, 0);

  public static ControlSettings from(SparkConf conf) {
    boolean on = ControlKeys.CONTROL_ENABLED.get(conf);
    return new ControlSettings(
        on,
        on && ControlKeys.CONTROL_UNMANAGED_HEAP_ENABLED.get(conf),
        on && ControlKeys.CONTROL_STORAGE_DEMOTION_ENABLED.get(conf),
        ControlKeys.CONTROL_STORAGE_HIGH_RETAIN_RATIO.get(conf),
        ControlKeys.CONTROL_STORAGE_CRITICAL_RETAIN_RATIO.get(conf),
        on && ControlKeys.CONTROL_FETCH_THROTTLE_ENABLED.get(conf),
        on && ControlKeys.CONTROL_EXECUTION_BALLOON_ENABLED.get(conf),
        ControlKeys.CONTROL_EXECUTION_BALLOON_TASK_FLOOR_BYTES.get(conf),
        ControlKeys.CONTROL_EXECUTION_BALLOON_KEEP_UNTIL_TASK_END.get(conf),
        on && ControlKeys.CONTROL_ADMISSION_ENABLED.get(conf),
        ControlKeys.CONTROL_ADMISSION_MAX_WAIT_MILLIS.get(conf),
        ControlKeys.CONTROL_ADMISSION_KILL_AFTER_MILLIS.get(conf),
        ControlKeys.CONTROL_ADMISSION_MAX_KILLS_PER_PARTITION.get(conf));
  }
}

package io.spillway.shuffle.group;

import io.spillway.runtime.SpillwayRuntime;
import io.spillway.runtime.config.ShuffleKeys;
import io.spillway.runtime.config.MonitorKeys;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.pressure.PressureSnapshot;
import java.util.function.LongPredicate;
import org.apache.spark.SparkConf;

/**
 * When a growing group goes to disk: past {@code pressuredBytes} if the heap has no room for it, past
 * {@code calmBytes} if it has.
 *
 * <p>Why two bounds: on a small heap a hot group must leave early, before it and the user's own copy of
 * it (seed case 5 copies every group into an array) no longer fit; on an ample heap writing it to disk
 * and reading it back only costs time. The executor's real heap tells the two apart
 * ({@link #fromRuntime}): no room means pressure HIGH or above, or a post-GC old generation that this
 * group on top would take past the ELEVATED occupancy mark. Not the ELEVATED level itself: GC time alone
 * raises it on a busy machine whose heap is mostly empty. Without a pressure monitor in the JVM (no
 * plugin) nothing tells them apart, so the lower bound applies.
 */
public final class GroupSpillThreshold {

  private final long pressuredBytes;
  private final long calmBytes;
  private final LongPredicate noRoomFor;

  /**
   * @param pressuredBytes the bound when the heap has no room, 0 to never spill
   * @param calmBytes the bound when it has (at least {@code pressuredBytes})
   * @param noRoomFor whether the heap has no room for a group of the given estimated bytes; read at each check
   */
  public GroupSpillThreshold(long pressuredBytes, long calmBytes, LongPredicate noRoomFor) {
    this.pressuredBytes = pressuredBytes;
    this.calmBytes = Math.max(pressuredBytes, calmBytes);
    this.noRoomFor = noRoomFor;
  }

  /** A single bound, whatever the heap (tests, and Spillway without its monitor). */
  public static GroupSpillThreshold fixed(long bytes) {
    return new GroupSpillThreshold(bytes, bytes, estimate -> true);
  }

  /**
   * The production threshold, reading this executor's pressure monitor (re-evaluated at each check:
   * checks come at doublings of a group's size, so they are few).
   *
   * @param elevatedOccupancyRatio {@code spark.spillway.monitor.elevatedOccupancyRatio}
   */
  public static GroupSpillThreshold fromRuntime(long pressuredBytes, long calmBytes, double elevatedOccupancyRatio) {
    long maxHeap = Runtime.getRuntime().maxMemory();
    return new GroupSpillThreshold(pressuredBytes, calmBytes, estimate -> {
      if (SpillwayRuntime.monitor().isEmpty()) {
        return true;
      }
      PressureSnapshot now = SpillwayRuntime.pressure();
      return now.level().atLeast(PressureLevel.HIGH)
          || now.signals().oldGenOccupancyRatio() + (double) estimate / maxHeap >= elevatedOccupancyRatio;
    });
  }

  /**
   * The production threshold from {@code conf}: {@code spark.spillway.shuffle.groupSpillHeapRatio} and
   * {@code groupSpillCalmHeapRatio} of this JVM's max heap, read against its pressure monitor
   * ({@link #fromRuntime}); null when group streaming is off (a ratio of 0).
   */
  public static GroupSpillThreshold fromConf(SparkConf conf) {
    long maxHeap = Runtime.getRuntime().maxMemory();
    long pressured = (long) (ShuffleKeys.SHUFFLE_GROUP_SPILL_HEAP_RATIO.get(conf) * maxHeap);
    if (pressured <= 0) {
      return null;
    }
    long calm = (long) (ShuffleKeys.SHUFFLE_GROUP_SPILL_CALM_HEAP_RATIO.get(conf) * maxHeap);
    return fromRuntime(pressured, calm, MonitorKeys.MONITOR_ELEVATED_OCCUPANCY_RATIO.get(conf));
  }

  /**
   * Whether a group estimated at {@code estimatedBytes} goes to disk now. Groups are checked each time
   * their size doubles, so staying in memory is judged for twice the estimate: the size the group may
   * reach before the next check.
   */
  public boolean exceeded(long estimatedBytes) {
    long untilNextCheck = 2 * estimatedBytes;
    return estimatedBytes > pressuredBytes && (untilNextCheck > calmBytes || noRoomFor.test(untilNextCheck));
  }

  /** The bound under pressure. */
  public long pressuredBytes() {
    return pressuredBytes;
  }

  @Override
  public String toString() {
    return "GroupSpillThreshold{pressured " + pressuredBytes + " B, calm " + calmBytes + " B}";
  }
}

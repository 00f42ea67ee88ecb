package io.spillway.runtime.ui;

import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.ui.SpillwaySummary.LevelChange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One executor's pressure-level changes as the tab keeps them: primitive arrays (a time, a level and two readings
 * per point, 17 bytes, the arrays grown as needed) rather than event objects, thinned to a fixed budget of points instead of forgetting the
 * oldest, so a long application's timeline still shows its whole run, and every level it reached.
 *
 * <p>Thinning, when a change arrives with the budget full: every point but the newest is paired with its
 * successor, and the pair becomes one point at the earlier time with the higher of the two levels (and that
 * change's readings); consecutive points at the same level then merge. So a peak is never thinned away (the band
 * may show a level for longer than it lasted, never a level lower than the one reached), the newest change stays
 * exact (the level now is right), and about half the budget is free again. Points merged away are counted.
 *
 * <p>Not thread-safe: the listener that owns it serializes access.
 */
final class LevelTimeline {

  private static final PressureLevel[] LEVELS = PressureLevel.values();
  /** Points room is first made for: most executors change level a few times, and the arrays grow by doubling. */
  private static final int INITIAL_CAPACITY = 8;

  private final int budget;
  private long[] times;
  private byte[] levels;
  private float[] occupancy;
  private float[] gcTime;
  private int size;
  /** The level before the first change kept, when there is one. */
  private byte firstFrom;
  private long merged;

  /** @param budget points kept at most, at least 2 (the newest change and what led to it) */
  LevelTimeline(int budget) {
    if (budget < 2) {
      throw new IllegalArgumentException("a timeline needs a budget of at least 2 points, got " + budget);
    }
    this.budget = budget;
    int capacity = Math.min(budget, INITIAL_CAPACITY);
    this.times = new long[capacity];
    this.levels = new byte[capacity];
    this.occupancy = new float[capacity];
    this.gcTime = new float[capacity];
  }

  void add(long timeMillis, PressureLevel from, PressureLevel to, double oldGenOccupancyRatio, double gcTimeRatio) {
    if (size == 0) {
      firstFrom = (byte) from.ordinal();
    }
    if (size == budget) {
      thin();
    } else if (size == times.length) {
      int capacity = Math.min(budget, 2 * times.length);
      times = Arrays.copyOf(times, capacity);
      levels = Arrays.copyOf(levels, capacity);
      occupancy = Arrays.copyOf(occupancy, capacity);
      gcTime = Arrays.copyOf(gcTime, capacity);
    }
    set(size++, timeMillis, (byte) to.ordinal(), (float) oldGenOccupancyRatio, (float) gcTimeRatio);
  }

  /** The changes kept, oldest first; each one's {@code from} is the level of the one before. */
  List<LevelChange> changes() {
    List<LevelChange> out = new ArrayList<>(size);
    byte previous = firstFrom;
    for (int i = 0; i < size; i++) {
      out.add(new LevelChange(times[i], LEVELS[previous], LEVELS[levels[i]], reading(occupancy[i]),
          reading(gcTime[i])));
      previous = levels[i];
    }
    return out;
  }

  /** A ratio kept as a float, back as the double it was printed from (0.8f reads 0.8, not 0.800000011920929). */
  private static double reading(float ratio) {
    return Double.parseDouble(Float.toString(ratio));
  }

  /** Changes merged away by thinning. */
  long merged() {
    return merged;
  }

  private void thin() {
    int newest = size - 1;
    int w = 0;
    for (int r = 0; r < newest; r += 2) {
      int pick = r + 1 < newest && levels[r + 1] > levels[r] ? r + 1 : r;
      if (w > 0 && levels[w - 1] == levels[pick]) {
        continue; // the same level as the point before: that point already covers this stretch
      }
      set(w++, times[r], levels[pick], occupancy[pick], gcTime[pick]);
    }
    if (w == 0 || levels[w - 1] != levels[newest]) {
      set(w++, times[newest], levels[newest], occupancy[newest], gcTime[newest]);
    }
    merged += size - w;
    size = w;
  }

  private void set(int i, long time, byte level, float occupancyRatio, float gcTimeRatio) {
    times[i] = time;
    levels[i] = level;
    occupancy[i] = occupancyRatio;
    gcTime[i] = gcTimeRatio;
  }
}

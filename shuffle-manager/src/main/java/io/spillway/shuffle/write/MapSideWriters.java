package io.spillway.shuffle.write;

import io.spillway.runtime.SpillwayRuntime;
import io.spillway.runtime.pressure.OldGenUsage;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.shuffle.compat.MapOutputPlugin;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.shuffle.ShuffleWriteMetricsReporter;
import org.apache.spark.shuffle.ShuffleWriter;

/**
 * Creates {@link SpillwaySortShuffleWriter}s for one shuffle manager: holds the shuffle I/O plugin's
 * executor components (loaded once, at the first map task, as {@code SortShuffleManager} loads its own)
 * and makes each task's spill triggers.
 */
public final class MapSideWriters {

  private final Supplier<MapOutputPlugin> pluginLoader;
  private final Supplier<MapSideSpillPolicy.Triggers> triggers;
  private MapOutputPlugin plugin;

  /**
   * @param pluginLoader loads the shuffle I/O plugin's executor side; called once, at the first write
   * @param triggers a new set of spill triggers per task, called on the task thread
   */
  MapSideWriters(Supplier<MapOutputPlugin> pluginLoader, Supplier<MapSideSpillPolicy.Triggers> triggers) {
    this.pluginLoader = Objects.requireNonNull(pluginLoader, "pluginLoader");
    this.triggers = Objects.requireNonNull(triggers, "triggers");
  }

  /**
   * Production: the configured shuffle I/O plugin; pressure is the monitor's level at HIGH or above;
   * the allocation allowance is half of a task's fair share of the max heap minus the old generation's
   * post-GC use, the fair share being over the executor's task slots.
   */
  public static MapSideWriters fromConf(SparkConf conf) {
    int taskSlots = taskSlots(conf);
    long maxHeapBytes = Runtime.getRuntime().maxMemory();
    Supplier<MapSideSpillPolicy.Triggers> triggers = new Supplier<>() {
      private OldGenUsage oldGen;

      @Override
      public synchronized MapSideSpillPolicy.Triggers get() {
        if (oldGen == null) {
          oldGen = OldGenUsage.ofThisJvm();
        }
        OldGenUsage usage = oldGen;
        AllocationSpillBound bound = ThreadAllocation.currentThreadCounter()
            .map(counter -> new AllocationSpillBound(counter,
                AllocationSpillBound.halfFairShareOfFreeHeap(maxHeapBytes, usage::usedAfterLastGcBytes, taskSlots),
                () -> oldGenLatestBytes(usage, maxHeapBytes)))
            .orElseGet(AllocationSpillBound::never);
        return new MapSideSpillPolicy.Triggers(() -> SpillwayRuntime.lastPressureLevel().atLeast(PressureLevel.HIGH),
            System::nanoTime, bound);
      }
    };
    return new MapSideWriters(() -> MapOutputPlugin.load(conf), triggers);
  }

  /**
   * The old generation's latest use: the pressure monitor's figure (after the latest collection of any kind,
   * raised by readings between collections) when the plugin runs, else the pools' use after their last
   * collection.
   */
  private static long oldGenLatestBytes(OldGenUsage usage, long maxHeapBytes) {
    return SpillwayRuntime.monitor()
        .map(m -> (long) (m.lastSnapshot().signals().oldGenOccupancyRatio() * maxHeapBytes))
        .orElseGet(usage::usedAfterLastGcBytes);
  }

  /**
   * Tasks an executor runs at once: {@code spark.executor.cores / spark.task.cpus}, the cores defaulting to
   * this machine's processors (local mode), at least 1 — as the execution balloon counts them.
   */
  static int taskSlots(SparkConf conf) {
    int cores = conf.getInt("spark.executor.cores", Runtime.getRuntime().availableProcessors());
    return Math.max(1, cores / Math.max(1, conf.getInt("spark.task.cpus", 1)));
  }

  /** A writer for one map task of a map-side-combine shuffle. */
  public <K, V, C> ShuffleWriter<K, V> writer(ShuffleDependency<K, V, C> dep, long mapId, TaskContext context,
      ShuffleWriteMetricsReporter metrics) {
    return new SpillwaySortShuffleWriter<>(dep, mapId, context, metrics, this);
  }

  /** The shuffle I/O plugin's executor side, loaded and initialized at the first call. */
  synchronized MapOutputPlugin mapOutputPlugin() {
    if (plugin == null) {
      plugin = pluginLoader.get();
    }
    return plugin;
  }

  /** Spill triggers for the calling task thread's sorter. */
  MapSideSpillPolicy.Triggers newTriggers() {
    return triggers.get();
  }
}

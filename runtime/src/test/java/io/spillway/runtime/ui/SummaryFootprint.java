package io.spillway.runtime.ui;

import io.spillway.runtime.PressureActionEvent;
import io.spillway.runtime.PressureLevelChangedEvent;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.skew.ReportedKey;
import io.spillway.runtime.skew.ShuffleSkewReport;
import io.spillway.runtime.skew.ShuffleSkewReportEvent;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: a command that prints how much heap a {@link SpillwayUiListener} with the plugin's limits keeps
 * after a given stream of events (docs/ui.md, "What the tab keeps"). Two listeners are filled with the same events;
 * the heap used after full collections with both held, minus with the first alone, is what one retains (the first
 * absorbs class loading and interned constants). Events carry fresh strings, as deserialized ones do.
 *
 * <pre>
 * java -cp runtime/target/test-classes:runtime/target/classes:&lt;runtime's test class path&gt; \
 *   io.spillway.runtime.ui.SummaryFootprint EXECUTORS CHANGES_PER_EXECUTOR ACTIONS SHUFFLES
 * </pre>
 */
public final class SummaryFootprint {

  private SummaryFootprint() {}

  public static void main(String[] args) {
    int executors = Integer.parseInt(args[0]);
    int changesPerExecutor = Integer.parseInt(args[1]);
    int actions = Integer.parseInt(args[2]);
    int shuffles = Integer.parseInt(args[3]);
    SpillwayUiListener first = filled(executors, changesPerExecutor, actions, shuffles);
    liveHeap(); // the first full collections also let go of start-up garbage the JVM still held
    long before = liveHeap();
    SpillwayUiListener second = filled(executors, changesPerExecutor, actions, shuffles);
    long after = liveHeap();
    System.out.printf("%d executors x %d level changes, %d actions, %d shuffles x 20 keys: %.1f KiB retained "
            + "(kept: %d actions, %d shuffles)%n", executors, changesPerExecutor, actions, shuffles,
        (after - before) / 1024.0, second.snapshot().actions().size(), first.snapshot().shuffles().size());
  }

  private static SpillwayUiListener filled(int executors, int changesPerExecutor, int actions, int shuffles) {
    SpillwayUiListener l = new SpillwayUiListener(SummaryLimits.DEFAULT);
    PressureLevel[] levels = PressureLevel.values();
    for (int e = 0; e < executors; e++) {
      for (int c = 0; c < changesPerExecutor; c++) {
        l.onOtherEvent(new PressureLevelChangedEvent(Integer.toString(e), levels[c % 4], levels[(c + 1) % 4],
            1_000L * c, 0.8, 0.1));
      }
    }
    for (int i = 0; i < actions; i++) {
      l.onOtherEvent(new PressureActionEvent(Integer.toString(i % executors), new StringBuilder("fetchThrottle")
          .toString(), PressureLevel.HIGH, true, "shuffle reads from now on use the ELEVATED fetch limits #" + i, i));
    }
    for (int s = 0; s < shuffles; s++) {
      List<ReportedKey> keys = new ArrayList<>();
      for (int k = 0; k < 20; k++) {
        keys.add(new ReportedKey("key-" + s + "-" + k + "-".repeat(60), k, 900, 0, 0.9, 9_000, 0.9, 7.2, k == 0));
      }
      l.onOtherEvent(new ShuffleSkewReportEvent(new ShuffleSkewReport(s, "groupByKey", "Job.main(Job.java:12)", "rdd",
          4, 4, 8, 1000, 10_000, keys, "a remedy of a sentence or two for the operation that shuffled")));
    }
    return l;
  }

  private static long liveHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}

package io.spillway.runtime.ui;

import io.spillway.runtime.PressureActionEvent;
import io.spillway.runtime.PressureLevelChangedEvent;
import io.spillway.runtime.pressure.PressureLevel;
import io.spillway.runtime.skew.ReportedKey;
import io.spillway.runtime.skew.ShuffleSkewReport;
import io.spillway.runtime.skew.ShuffleSkewReportEvent;
import java.util.List;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.cluster.ExecutorInfo;
import scala.collection.immutable.Map$;

/** Spillway's listener events as the driver plugin posts them, for the UI's tests. */
final class UiEvents {

  private UiEvents() {}

  static PressureLevelChangedEvent change(String executor, PressureLevel from, PressureLevel to, long at) {
    return new PressureLevelChangedEvent(executor, from, to, at, 0.8, 0.1);
  }

  static SparkListenerExecutorAdded added(String executor, long at) {
    return new SparkListenerExecutorAdded(at, executor, new ExecutorInfo("host", 1, Map$.MODULE$.empty()));
  }

  static PressureActionEvent action(String executor, String action, long at, String detail) {
    return new PressureActionEvent(executor, action, PressureLevel.HIGH, true, detail, at);
  }

  static ShuffleSkewReportEvent skew(int shuffleId, String key, String remedy) {
    ReportedKey hot = new ReportedKey(key, 0, 900, 0, 0.9, 9_000, 0.9, 7.2, true);
    ReportedKey cold = new ReportedKey("cold", 3, 10, 0, 0.01, 100, 0.01, 0.1, false);
    return new ShuffleSkewReportEvent(new ShuffleSkewReport(shuffleId, "groupByKey", "Job.main(Job.java:12)", "rdd",
        4, 4, 8, 1000, 10_000, List.of(hot, cold), remedy));
  }
}

package io.spillway.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.Tuple2;

/**
 * A local-mode SparkContext with the control loop on and a 12 MiB unified memory region
 * ({@code spark.testing.memory} 20 MiB, no reserved memory), and a reduce-side {@code groupByKey} sized
 * so that its {@code ExternalAppendOnlyMap} fits the region without a balloon but not with one.
 */
final class ControlLocalMode {

  /**
   * Records per job (4 per key). Measured on this JVM: the reduce side spills nothing without pressure up
   * to ~380k records and spills with a CRITICAL balloon from ~230k; 300k sits inside that window.
   */
  static final int RECORDS = 300_000;

  private ControlLocalMode() {}

  static SparkConf conf(boolean injectPressure) {
    SparkConf c = new SparkConf(false)
        .setMaster("local[1]")
        .setAppName("spillway-control-test")
        .set("spark.plugins", SpillwayPlugin.class.getName())
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "localhost")
        .set("spark.executor.cores", "1")
        .set("spark.testing.memory", Long.toString(20L << 20))
        .set("spark.testing.reservedMemory", "0")
        .set("spark.spillway.control.enabled", "true")
        .set("spark.spillway.control.executionBalloon.taskFloor", "0")
        .set("spark.extraListeners", Recorder.class.getName());
    if (injectPressure) {
      // any old-gen data at all is CRITICAL, and the level can never fall back
      c.set("spark.spillway.monitor.elevatedOccupancyRatio", "0.000001")
          .set("spark.spillway.monitor.elevatedOccupancyExitRatio", "0")
          .set("spark.spillway.monitor.highOccupancyRatio", "0.000002")
          .set("spark.spillway.monitor.highOccupancyExitRatio", "0.0000015")
          .set("spark.spillway.monitor.criticalOccupancyRatio", "0.000003")
          .set("spark.spillway.monitor.criticalOccupancyExitRatio", "0.0000025");
    }
    return c;
  }

  /** Runs the group-by and returns the bytes its tasks spilled from memory. */
  static long groupByKeySpilledBytes(JavaSparkContext jsc) throws java.util.concurrent.TimeoutException {
    Recorder.spilledBytes.set(0);
    long groups = jsc.parallelize(IntStream.range(0, RECORDS).boxed().toList(), 2)
        .mapToPair(i -> new Tuple2<>(i % (RECORDS / 4), (long) i))
        .groupByKey(1)
        .count();
    if (groups != RECORDS / 4) {
      throw new AssertionError("wrong result: " + groups + " groups");
    }
    // task ends reach the listener asynchronously: count() can return before the last one is delivered
    jsc.sc().listenerBus().waitUntilEmpty(TimeUnit.SECONDS.toMillis(30));
    return Recorder.spilledBytes.get();
  }

  /** Registered through {@code spark.extraListeners}: spill bytes per task, and the first balloon event. */
  public static final class Recorder extends SparkListener {
    static final AtomicLong spilledBytes = new AtomicLong();
    static volatile CompletableFuture<PressureActionEvent> balloonEngaged = new CompletableFuture<>();

    static void reset() {
      spilledBytes.set(0);
      balloonEngaged = new CompletableFuture<>();
    }

    static PressureActionEvent awaitBalloon() throws Exception {
      return balloonEngaged.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (end.taskMetrics() != null) {
        spilledBytes.addAndGet(end.taskMetrics().memoryBytesSpilled());
      }
    }

    @Override
    public void onOtherEvent(SparkListenerEvent event) {
      if (event instanceof PressureActionEvent e && e.getAction().equals("executionBalloon") && e.isEngaged()) {
        balloonEngaged.complete(e);
      }
    }
  }
}

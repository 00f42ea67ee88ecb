package io.spillway.runtime.compat;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.ExecutorDecommissionInfo;
import org.apache.spark.scheduler.SchedulerBackend;
import org.apache.spark.scheduler.cluster.CoarseGrainedSchedulerBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.Tuple2;

/**
 * Stops the scheduler offering an executor new tasks, through
 * {@code CoarseGrainedSchedulerBackend.decommissionExecutors} (private[spark], public in bytecode; its
 * 3-argument form with {@code triggeredByExecutor} dates from SPARK-34104, Spark 3.2).
 *
 * <p>Why decommissioning: it is the scheduler's one way to take an executor out of its offers without killing
 * it or lowering the application's executor target (the cluster manager still replaces it when it exits).
 * {@code triggeredByExecutor = true} so no {@code DecommissionExecutor} message is sent to it (it is exiting
 * anyway) and no block migration starts. When it then exits, Spark reports its loss as a decommission: the
 * tasks that were running on it fail without counting towards {@code spark.task.maxFailures}.
 *
 * <p>Does nothing (returns false) with a backend that is not coarse-grained (local mode: one JVM) and on a
 * Spark line where the method differs (logged once per call, never thrown).
 */
public final class SchedulerCompat {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerCompat.class);

  private SchedulerCompat() {}

  /** Takes {@code executorId} out of the scheduler's offers; true if the backend accepted it. */
  @SuppressWarnings("unchecked")
  public static boolean stopOffering(SparkContext sc, String executorId, String why) {
    SchedulerBackend backend = sc.schedulerBackend();
    if (!(backend instanceof CoarseGrainedSchedulerBackend coarse)) {
      return false;
    }
    try {
      Tuple2<String, ExecutorDecommissionInfo>[] one = new Tuple2[] {
          new Tuple2<>(executorId, new ExecutorDecommissionInfo(why, Option.empty()))};
      return !coarse.decommissionExecutors(one, false, true).isEmpty();
    } catch (LinkageError | RuntimeException e) {
      LOG.warn("Could not take executor {} out of the scheduler's offers ({}); its tasks' retries may be sent to it "
          + "while it exits", executorId, why, e);
      return false;
    }
  }
}

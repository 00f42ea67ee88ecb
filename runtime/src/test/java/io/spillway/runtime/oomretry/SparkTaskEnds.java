package io.spillway.runtime.oomretry;

import org.apache.spark.ExceptionFailure;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.Success$;
import org.apache.spark.TaskEndReason;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.scheduler.TaskLocality;
import scala.Option;

/** Task ends and starts as Spark's scheduler posts them, for the driver-side tests. */
final class SparkTaskEnds {

  private SparkTaskEnds() {}

  /** What an executor reports for a task that threw {@code className}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static ExceptionFailure threw(String className, String description) {
    scala.collection.immutable.Seq empty = (scala.collection.immutable.Seq) scala.collection.immutable.Nil$.MODULE$;
    return new ExceptionFailure(className, description, new StackTraceElement[0], "", Option.empty(), empty, empty,
        empty);
  }

  /** What TaskSetManager.executorLost reports for a task that ran on a lost executor. */
  static ExecutorLostFailure lost(String executorId, boolean exitCausedByApp, String reason) {
    return new ExecutorLostFailure(executorId, exitCausedByApp, Option.apply(reason));
  }

  static TaskInfo info(long taskId, int partition, int attempt, String executorId) {
    return new TaskInfo(taskId, partition, attempt, partition, 0L, executorId, "localhost", TaskLocality.PROCESS_LOCAL(),
        attempt > 0);
  }

  static SparkListenerTaskStart start(int stage, long taskId, int partition, int attempt) {
    return new SparkListenerTaskStart(stage, 0, info(taskId, partition, attempt, "1"));
  }

  static SparkListenerTaskEnd end(int stage, long taskId, int partition, int attempt, TaskEndReason reason) {
    return endOn("1", stage, taskId, partition, attempt, reason);
  }

  static SparkListenerTaskEnd endOn(String executorId, int stage, long taskId, int partition, int attempt,
      TaskEndReason reason) {
    return new SparkListenerTaskEnd(stage, 0, "ResultTask", reason, info(taskId, partition, attempt, executorId),
        new ExecutorMetrics(), null);
  }

  static TaskEndReason success() {
    return Success$.MODULE$;
  }
}

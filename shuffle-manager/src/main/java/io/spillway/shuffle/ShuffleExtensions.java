package io.spillway.shuffle;

import io.spillway.runtime.SpillwayRuntime;
import io.spillway.runtime.control.ControlSettings;
import io.spillway.runtime.config.ShuffleKeys;
import io.spillway.runtime.pressure.PressureLevel;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.apache.spark.SparkConf;

/**
 * The seams of {@link SpillwayShuffleManager}, four of them: the {@link FetchLimitsPolicy} its reader asks, the
 * {@link ExecutorFetchBudget} that caps all of an executor's reads together, the {@link ShuffleWriterDecorator}
 * its writers pass through, and whether reduce-side sorts spill under pressure. Features that act on reads and
 * writes plug in here (in {@link #fromConf}) without touching the manager.
 *
 * @param fetchLimitsPolicy chooses each read's fetch limits
 * @param fetchBudget caps the bytes in flight of all the executor's reads together, after the policy
 * @param writerDecorator wraps each map task's writer
 * @param sortUnderPressure whether reduce-side sorts should spill now regardless of their size estimate
 *     (read per record on task threads; {@code () -> false} keeps Spark's sorter)
 */
public record ShuffleExtensions(FetchLimitsPolicy fetchLimitsPolicy, ExecutorFetchBudget fetchBudget,
    ShuffleWriterDecorator writerDecorator, BooleanSupplier sortUnderPressure) {

  /** Never: reduce-side sorts use Spark's own {@code ExternalSorter}. */
  public static final BooleanSupplier NEVER = () -> false;

  public ShuffleExtensions {
    Objects.requireNonNull(fetchLimitsPolicy, "fetchLimitsPolicy");
    Objects.requireNonNull(fetchBudget, "fetchBudget");
    Objects.requireNonNull(writerDecorator, "writerDecorator");
    Objects.requireNonNull(sortUnderPressure, "sortUnderPressure");
  }

  /** With no executor-wide fetch budget and Spark's sorter. */
  public ShuffleExtensions(FetchLimitsPolicy fetchLimitsPolicy, ShuffleWriterDecorator writerDecorator) {
    this(fetchLimitsPolicy, ExecutorFetchBudget.unlimited(), writerDecorator, NEVER);
  }

  /** Stock behaviour: Spark's configured fetch limits, no executor-wide budget, Spark's writers unchanged. */
  public static ShuffleExtensions defaults() {
    return new ShuffleExtensions(FetchLimitsPolicy.SPARK_CONFIGURED, ShuffleWriterDecorator.NONE);
  }

  /**
   * The extensions a shuffle manager built from {@code conf} uses: an {@link ExecutorFetchBudget} of
   * {@code spark.spillway.shuffle.fetchBudgetHeapRatio} of this JVM's max heap; with
   * {@code spark.spillway.control.enabled} and {@code spark.spillway.control.fetchThrottle.enabled} the
   * reader also asks a {@link PressureFetchLimitsPolicy} fed by the control loop's fetch throttle, else
   * Spark's configured limits; with the control loop's execution balloon on, map-side records pass its
   * {@link io.spillway.runtime.control.TaskCheckpoint} ({@link CheckpointingWriterDecorator}).
   *
   * @param conf the validated Spark conf
   * @param isDriver whether the manager lives in the driver
   */
  public static ShuffleExtensions fromConf(SparkConf conf, boolean isDriver) {
    ExecutorFetchBudget budget = ExecutorFetchBudget.ofHeapRatio(
        ShuffleKeys.SHUFFLE_FETCH_BUDGET_HEAP_RATIO.get(conf), Runtime.getRuntime().maxMemory());
    ControlSettings control = ControlSettings.from(conf);
    FetchLimitsPolicy policy = control.fetchThrottle()
        ? new PressureFetchLimitsPolicy(SpillwayRuntime::fetchThrottleLevel)
        : FetchLimitsPolicy.SPARK_CONFIGURED;
    ShuffleWriterDecorator writers = control.executionBalloon()
        ? CheckpointingWriterDecorator.fromRuntime()
        : ShuffleWriterDecorator.NONE;
    // The reduce-side sort is the one Spark consumer nothing can spill while it inserts: with the
    // execution balloon on, it also spills when the real heap is under HIGH pressure.
    BooleanSupplier sortUnderPressure = control.executionBalloon()
        ? () -> SpillwayRuntime.lastPressureLevel().atLeast(PressureLevel.HIGH)
        : NEVER;
    return new ShuffleExtensions(policy, budget, writers, sortUnderPressure);
  }
}

package io.spillway.runtime.groupspill;

import java.util.Locale;

/**
 * The groups one stage attempt streamed to disk: the sum over its tasks that spilled a group. Built by
 * {@link GroupSpillReporting} on the driver, logged, posted as a {@link GroupSpillStageEvent} and counted in the
 * driver's metrics. Field names are the event log's format.
 *
 * @param stageId the stage
 * @param stageAttempt its attempt number
 * @param tasks task attempts that streamed at least one group to disk
 * @param groups groups streamed to disk, over those tasks
 * @param values values written to disk
 * @param bytes bytes on disk after Spark's framing
 */
public record GroupSpillStageStats(int stageId, int stageAttempt, int tasks, long groups, long values, long bytes) {

  /** One line for the driver log. */
  public String describe() {
    return String.format(Locale.ROOT, "stage %d.%d: %d tasks streamed %d groups to disk (%d values, %d bytes)",
        stageId, stageAttempt, tasks, groups, values, bytes);
  }
}

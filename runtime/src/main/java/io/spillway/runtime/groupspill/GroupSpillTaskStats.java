package io.spillway.runtime.groupspill;

import java.io.Serializable;

/**
 * What one task's group-spill store wrote, sent by the task to the driver plugin when the task ends (the figures
 * are copied from the storage module's {@code GroupSpillStore}: the runtime does not depend on storage). Sent only
 * by tasks that streamed at least one group to disk; the driver adds them up per stage attempt
 * ({@link GroupSpillReporting}).
 *
 * @param stageId the task's stage
 * @param stageAttempt the stage's attempt number
 * @param partition the task's partition
 * @param taskAttemptId Spark's task attempt id (unique in the application)
 * @param groups groups whose values went to disk (a group spilled in several of the map's runs and merged counts
 *     once; each side of a cogroup key is a group)
 * @param values values written to disk
 * @param bytes bytes on disk after Spark's framing (compression, encryption)
 */
public record GroupSpillTaskStats(int stageId, int stageAttempt, int partition, long taskAttemptId, long groups,
    long values, long bytes) implements Serializable {
}

/**
 * After an out-of-memory failure, the retry gets the memory: a later attempt of a partition that ran out of
 * memory runs alone on its executor.
 *
 * <p>Driver: {@link io.spillway.runtime.oomretry.OomRecorder} (a listener registered by the driver plugin)
 * records failed attempts ({@link io.spillway.runtime.oomretry.OomCause}) in an
 * {@link io.spillway.runtime.oomretry.OomLedger} and answers executors. Executor:
 * {@link io.spillway.runtime.oomretry.ExclusiveRetries} (called from the executor plugin's task hooks) asks the
 * driver at the start of any attempt that is not a first one, and passes every task through the
 * {@link io.spillway.runtime.oomretry.ExclusiveStartGate}. Each retry that ran alone is reported
 * ({@link io.spillway.runtime.oomretry.ExclusiveRetryReport}) and posted to the event log
 * ({@link io.spillway.runtime.oomretry.ExclusiveRetryEvent}). Design, interactions with admission, speculation,
 * barrier stages and dynamic allocation: {@code docs/oom-retry.md}.
 */
package io.spillway.runtime.oomretry;

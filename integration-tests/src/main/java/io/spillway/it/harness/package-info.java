/**
 * The A/B harness: {@code bin/spillway ab} runs each seed OOM case twice at the same executor memory,
 * stock Spark and Spillway, and reports both side by side.
 *
 * <h2>How a run goes</h2>
 * {@link io.spillway.it.harness.AbHarness} starts one driver JVM per (case, mode) —
 * {@link io.spillway.it.harness.CaseRunner}, which runs the case against {@code local-cluster} executors
 * and writes a result file — strictly one at a time, with a per-run time limit after which the driver and
 * its executor grandchildren are killed ({@code ChildProcess}). Each run keeps its driver log, result file
 * and Spark event log in {@code <out>/runs/<case>-<mode>/}.
 *
 * <h2>Where the figures come from</h2>
 * Only from Spark's event log ({@link io.spillway.it.harness.EventLogReader}), never from console text:
 * task metrics summed over all task ends (failed ones too), peak {@code JVMHeapMemory} per executor,
 * removed executors and their exit codes, job results, and every {@code io.spillway.*} event the plugin
 * posted. The result file contributes the verdict on the answer and the job's wall time; the driver log is
 * read only to recognise a driver that died of OutOfMemoryError before writing a result.
 * Spillway's own events, with the application's and executors' start and end times, also become a
 * per-executor pressure timeline ({@link io.spillway.it.harness.PressureTimeline}): drawn in report.html,
 * summarised in report.md, derived next to the raw events in report.json.
 * {@link io.spillway.it.harness.RerenderReport} writes a report again from its runs' event logs.
 *
 * <h2>The benchmark</h2>
 * {@link io.spillway.it.harness.BenchHarness} ({@code spillway bench}) runs the same driver JVMs as
 * interleaved stock/Spillway pairs of no-pressure workloads (S10 and the benchmark cases B1, B2 at 4 GiB)
 * and reports each case's median Spillway/stock wall-time ratio, the figure the bench bounds at 1.02.
 *
 * <h2>The degradation curve</h2>
 * {@link io.spillway.it.harness.CurveHarness} ({@code spillway curve}) runs the same driver JVMs for each case at
 * a list of executor memories (by default S1 at 2g down to 256m) and draws wall time against memory
 * ({@link io.spillway.it.harness.CurveSvg}), with per case and mode the ratio time at the smallest memory over
 * time at the largest ({@link io.spillway.it.harness.CurveSeries}), bounded at 3.
 *
 * <h2>Judging</h2>
 * {@link io.spillway.it.harness.OutcomeClassifier}: timeout, then the answer (ok / wrong result), then OOM
 * evidence (exit code 52, a task's OutOfMemoryError), else error. "Survived" means ok and nothing else.
 *
 * <h2>What it must never do</h2>
 * Run two clusters at once; give the two sides different settings other than Spillway's own; tune
 * anything per side; catch OutOfMemoryError.
 */
package io.spillway.it.harness;

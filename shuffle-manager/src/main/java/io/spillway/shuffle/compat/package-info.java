/**
 * The shuffle module's one seam to Spark internals: every reference to a Spark member that is internal, or
 * whose signature differs between the supported lines (4.0.x, 4.1.x, 4.2.x), lives in this package, one class
 * per concern. Each class names the Spark versions it was checked against and the changes (JIRAs) it tracks;
 * supporting another Spark version means changing these classes only.
 *
 * <h2>What counts as internal (the rule {@code bin/spillway audit} enforces)</h2>
 * Outside a compat package Spillway may reference only Spark's public API: a class marked
 * {@code @DeveloperApi}, {@code @Experimental}, {@code @Stable}, {@code @Evolving} or {@code @Unstable} (or in an
 * {@code .api.} package), not {@code @Private}; or one of the unmarked classes Spark documents as API or as an
 * extension point ({@code SparkConf}, {@code TaskContext}, {@code RDD}, {@code Partitioner}, {@code MemoryConsumer},
 * {@code ShuffleManager} and the reader/writer/metrics types it names, … — the list is
 * {@code io.spillway.it.audit.SparkApiRule}); and never a member that is {@code private[spark]} or
 * {@code protected[spark]}, which the audit reads from the Scala signatures since the bytecode shows it public.
 * Everything else — {@code ExternalSorter}, {@code CompactBuffer}, {@code SortShuffleManager} and its handles, the
 * shuffle I/O plugin API, {@code TaskMetrics.createTempShuffleReadMetrics}, {@code UnsafeRow}'s layout, … — is
 * called from here. The audit exits 1 on any reference outside that breaks the rule or does not link on every
 * supported line; CI runs it.
 *
 * <h2>How a version difference is resolved: per-line classes, chosen once</h2>
 * {@link io.spillway.shuffle.compat.ShuffleShims#get()} picks, once per JVM from
 * {@link io.spillway.runtime.compat.SparkVersion#running()}, {@link io.spillway.shuffle.compat.Spark41Shims}
 * (4.1, 4.2) or {@link io.spillway.shuffle.compat.Spark40Shims} (4.0). Per-line classes rather than method
 * handles because of {@code ExternalSorter}: Spillway subclasses it to own its spill check, and a subclass's
 * super-constructor call is fixed at compile time, so the 4.0 sorter has to be a class compiled against
 * Spark 4.0 (module {@code spark40-shims}). With that given, plain typed calls per line are simpler and
 * checked by javac, where handles would be looked up by name and fail only at run time. The JVM links a call
 * when it first runs it, so a class naming a 4.1-only member is harmless on 4.0 as long as the choice never
 * runs it. Spill policies ({@code measured.ReduceSortSpillPolicy}, {@code write.MapSideSpillPolicy}) are
 * written once against {@link io.spillway.shuffle.compat.SortSpillHook}.
 *
 * <p>Calls with one signature on every supported line need no choice and are plain classes here
 * ({@code SparkAppendOnlyMap}, {@code FetchIteratorCompat}, {@code ShuffleIoCompat}, {@code MapOutputCompat},
 * {@code FetchConfCompat}, {@code SortShuffleCompat}, {@code SorterCalls}, {@code MapOutputPlugin},
 * {@code ShuffleReadCompat}, {@code GroupBuffers}, {@code CoGroupCompat}, {@code CallSiteCompat},
 * {@code SqlRowColumns}); task metrics and the I/O-encryption check go through the runtime module's seam
 * ({@code io.spillway.runtime.compat.TaskMetricsCompat}, {@code SparkEnvCompat}).
 *
 * <p>Internal: not part of Spillway's API, may change in any release.
 */
package io.spillway.shuffle.compat;

/**
 * Skew-safe RDD joins: {@link io.spillway.skew.SkewJoin}, the public entry point, and its
 * {@link io.spillway.skew.SkewJoin.Options}. Everything else here is package-private.
 *
 * <p>How a call runs ({@code docs/skew-join.md} is the user-facing version):
 * <ol>
 *   <li>{@code HotKeyDetector} samples both sides and keeps the keys whose estimated value bytes on a side exceed
 *       the hot threshold ({@code Settings}, resolved from the options and {@code spark.executor.memory});</li>
 *   <li>{@code SkewJoinRunner} logs the plan and, without hot keys, returns Spark's own join;</li>
 *   <li>with hot keys, {@code SaltedJoin}: {@code RowTagger} re-keys rows as {@code SaltedKey}s (dealt into
 *       buckets on a hot key's larger side, copied into every bucket on the other), one cogroup placed by
 *       {@code SaltedPartitioner}, and {@code JoinedPairs} emits each group with the join type
 *       {@code JoinType#forHotKey} gives it, shaped by {@code PairShape} as Spark shapes it.</li>
 * </ol>
 *
 * <p>Independent of the shuffle manager: works on stock Spark ({@code SortShuffleManager}) and with Spillway's.
 * Must never change results: every join type returns, as a multiset, what Spark's join of that type returns.
 */
package io.spillway.skew;

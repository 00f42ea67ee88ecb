/**
 * Hot-key detection: a bounded sketch of each map task's keys, merged per shuffle on the driver, so that a
 * skewed shuffle can name the key that is about to blow up a reduce task.
 *
 * <h2>What is here</h2>
 * <ul>
 *   <li>{@link io.spillway.shuffle.skew.HeavyHitters}: the sketch — {@code update(key, recordBytes)} per record,
 *       {@code snapshot}, {@code top(n)};</li>
 *   <li>{@link io.spillway.shuffle.skew.HeavyHitterSnapshot}: its immutable, serializable copy (map tasks send their
 *       top keys rendered instead, as a {@code MapTaskKeySketch});</li>
 *   <li>{@link io.spillway.shuffle.skew.HeavyHitter}: one row of a report (shares of records and bytes, the
 *       guaranteed-heavy flag);</li>
 *   <li>{@link io.spillway.shuffle.skew.KeyRenderer}: keys as bounded, escaped, never-throwing strings.</li>
 * </ul>
 * Wired in by {@link io.spillway.shuffle.hotkeys}: each map task feeds a sample of its records to a
 * {@code HeavyHitters} sketch and renders its top keys with the {@code KeyRenderer}.
 *
 * <h2>Why Space-Saving</h2>
 * The question is "which few keys carry a large share of this shuffle?", asked of every map task, including
 * the vast majority with no skew, so the per-record cost decides. Of the counter-based top-k algorithms
 * (Misra-Gries / Frequent, Lossy Counting, Space-Saving) Space-Saving (Metwally, Agrawal and El Abbadi, ICDT
 * 2005) has the tightest error for a given number of counters k, never underestimates, reports per key how much
 * it may overestimate, and needs exactly k counters whatever the stream — a map task's memory for it is fixed
 * before the first record. Sketches without keys (Count-Min) would answer "how often is x?" but cannot list the
 * hot keys without a second pass; sampling would miss a key that is hot in few tasks and report shares with
 * no bound. Space-Saving summaries are also mergeable (Agarwal et al., "Mergeable summaries", PODS 2012;
 * Cafaro et al., "A parallel space saving algorithm…", 2016); the driver needs less, since it adds up the
 * tasks' rendered top keys (below).
 *
 * <h2>Guarantees</h2>
 * After N records (one task, or several merged) with k counters, for each key x of true count f(x):
 * <ul>
 *   <li>monitored: {@code count - error <= f(x) <= count}, and {@code error <= N/k};</li>
 *   <li>not monitored: {@code f(x) <= min count <= N/k}; hence every key with more than N/k records is listed;</li>
 *   <li>{@code count - error} records were seen while the key was monitored and its {@code observedBytes} are
 *       exactly theirs; reports extrapolate the key's bytes from their mean size.</li>
 * </ul>
 * With k = 100 every key above 1 % of a task's records is found; "guaranteed heavy" ({@code count - error}
 * above a threshold share) never flags a key that is not, so a uniform shuffle reports no hot key.
 *
 * <h2>Cost per record</h2>
 * The counters live in Metwally et al.'s stream-summary order ({@code StreamSummary}): slots sorted by count in
 * primitive arrays, runs of equal counts as buckets with first/last positions, all allocated up front. A record
 * costs one {@code HashMap} lookup (the key's {@code hashCode} and {@code equals}) and a few array writes: the
 * counter swaps with the first of its bucket and increments, and the minimum is always the last position. The
 * bookkeeping is O(1) in the worst case, not just amortized (the hash lookup is O(1) expected), and
 * allocation-free for a monitored key; a key that evicts the minimum allocates one {@code HashMap} node. A hash
 * map plus a min-heap would cost O(log k) per record (or amortized bookkeeping for lazy heap entries), for no
 * gain in accuracy. Merging and {@code top(n)} sort k entries:
 * O(k log k), once per task or per report.
 *
 * <h2>How it is wired</h2>
 * <ol>
 *   <li>{@link io.spillway.shuffle.hotkeys.KeySketchingWriterDecorator} wraps the writer Spark chose; a
 *       {@code MapKeySketcher} sees every record and, for one in {@code spark.spillway.skew.sampleEvery} (random
 *       gaps), measures its size with the shuffle's serializer and calls {@code update(key, size)}.</li>
 *   <li>When the writer stops successfully, the task's top keys travel to the driver plugin as a
 *       {@code io.spillway.runtime.skew.MapTaskKeySketch}: keys rendered on the executor (they need not be
 *       serializable), each with its hash and its reduce partition from the dependency's partitioner.</li>
 *   <li>The driver adds the tasks' keys up per shuffle ({@code io.spillway.runtime.skew.ShuffleSkewCollector}) and
 *       reports the result: driver log, metrics, event log, A/B report. Keys arrive rendered, so the driver adds
 *       them up rather than merging sketches; each key's sum is bounded by each task's
 *       {@code unmonitoredBoundCount}.</li>
 * </ol>
 * The budget for all of this on a shuffle without skew is 2 % of the map stage, to be measured with JMH and the
 * A/B harness when it is wired.
 */
package io.spillway.shuffle.skew;

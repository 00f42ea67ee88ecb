package io.spillway.shuffle.skew;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges two Space-Saving summaries of equal capacity k into one that keeps the guarantees of a summary
 * built from the concatenated stream (Cafaro, Pulimeno and Tempesta, "A parallel space saving algorithm for
 * frequent items and the Hurwitz zeta distribution", 2016; Agarwal et al., "Mergeable summaries", 2012).
 *
 * <p><b>Rule.</b> Let m<sub>i</sub> be summary i's {@link HeavyHitterSnapshot#unmonitoredBoundCount()}: a key
 * it does not monitor occurred at most m<sub>i</sub> times in its part. Every key of the union gets
 * count = c<sub>1</sub> + c<sub>2</sub> and error = e<sub>1</sub> + e<sub>2</sub>, where a summary that does not
 * monitor the key contributes m<sub>i</sub> to both. The k largest counts are kept.
 *
 * <p><b>Why the bounds survive.</b> Upper bound: each part's contribution bounds the key's true count in that
 * part. Lower bound: count − error is the sum of the parts' count − error. Missing keys: a key outside the
 * union had at most m<sub>1</sub> + m<sub>2</sub>, which is at most every union count, hence at most the new
 * minimum m; a pruned key had at most its own merged count, also at most m. Error: e<sub>i</sub> ≤ m<sub>i</sub>,
 * so every error is at most m<sub>1</sub> + m<sub>2</sub> ≤ m. And m ≤ N/k: over the k kept keys, summary i
 * contributes its own counts for those it monitors plus m<sub>i</sub> for each of the others, and there are
 * at least as many of its own monitored keys left out, each counting at least m<sub>i</sub>; so the kept keys
 * sum to at most N<sub>1</sub> + N<sub>2</sub>. (A summary's counts sum to at most its N; this holds for
 * stream updates, which add exactly one per record, and for merged results, by the same argument.)
 *
 * <p>Cost: O(k log k) for the sort; done once per map task on the driver, never per record.
 */
final class SpaceSavingMerge {

  /** Largest count first; among equal counts the one with the smaller error (better known) first. */
  static final Comparator<HeavyHitterSnapshot.Entry> BY_COUNT_DESCENDING =
      Comparator.comparingLong(HeavyHitterSnapshot.Entry::count).reversed()
          .thenComparingLong(HeavyHitterSnapshot.Entry::error);

  private SpaceSavingMerge() {
  }

  /** The merged entries, largest count first, at most {@code left.capacity()} of them. */
  static List<HeavyHitterSnapshot.Entry> merge(HeavyHitterSnapshot left, HeavyHitterSnapshot right) {
    if (left.capacity() != right.capacity()) {
      throw new IllegalArgumentException("cannot merge a heavy-hitter sketch of capacity " + right.capacity()
          + " into one of capacity " + left.capacity() + ": the error bound N/k needs equal capacities");
    }
    long leftMissing = left.unmonitoredBoundCount();
    long rightMissing = right.unmonitoredBoundCount();

    Map<Object, long[]> union = new LinkedHashMap<>();
    for (HeavyHitterSnapshot.Entry entry : left.entries()) {
      union.put(entry.key(), new long[] {entry.count() + rightMissing, entry.error() + rightMissing,
          entry.observedBytes()});
    }
    for (HeavyHitterSnapshot.Entry entry : right.entries()) {
      long[] merged = union.get(entry.key());
      if (merged == null) {
        union.put(entry.key(), new long[] {entry.count() + leftMissing, entry.error() + leftMissing,
            entry.observedBytes()});
      } else {
        merged[0] += entry.count() - rightMissing;
        merged[1] += entry.error() - rightMissing;
        merged[2] += entry.observedBytes();
      }
    }

    List<HeavyHitterSnapshot.Entry> entries = new ArrayList<>(union.size());
    union.forEach((key, merged) -> entries.add(new HeavyHitterSnapshot.Entry(key, merged[0], merged[1], merged[2])));
    entries.sort(BY_COUNT_DESCENDING);
    return entries.size() <= left.capacity() ? entries : new ArrayList<>(entries.subList(0, left.capacity()));
  }
}

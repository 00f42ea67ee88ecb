package io.spillway.shuffle.measured;

import io.spillway.storage.group.SpillFiles;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PriorityQueue;
import org.apache.spark.serializer.SerializerInstance;
import scala.Function2;
import scala.Tuple2;

/**
 * Merges a measured map's spilled runs with a bounded number open at once, in rounds when there are more.
 *
 * <h2>Why</h2>
 * A merge holds the head pair of every run it reads, plus each run's stream buffers. Spark's
 * {@code ExternalAppendOnlyMap} opens all its spill files at once: with multi-MiB records, or with thousands
 * of spills, the heads alone outgrow the heap at the very end of a task that had spilled its way through.
 * Here a run costs {@link #headBytes}: two of its largest pairs (the head and the pair being merged) and its
 * buffers; at most {@code budgetBytes / headBytes} runs are open at once (never fewer than two). With more
 * runs than that, the smallest ones are merged into one run, a round at a time, until the rest fit.
 *
 * <p>The map's pairs still in memory at the end join the final merge as they are ({@link InMemoryRun}), as in
 * Spark's merge, instead of being written out and read back.
 *
 * <h2>Order and combining</h2>
 * Runs hold one pair per key in ascending key-hash order ({@link #hash}, as Spark's spills do); the merge
 * takes every pair of the lowest hash from every run, combines the pairs of equal keys with
 * {@code mergeCombiners}, and yields one pair per key, in hash order, so a round's output is a run again.
 */
final class BoundedRunMerge<K, C> {

  private final SpillFiles files;
  private final SerializerInstance serializer;
  private final Function2<C, C, C> mergeCombiners;
  private final long budgetBytes;
  /** Runs this merge was given or wrote and has not deleted yet. */
  private final List<SpillRun> live = new ArrayList<>();
  /** The in-memory source of the final merge, if any, until it is finished. */
  private MergeSource<K, C> inMemory;
  private int rounds;
  private int openNow;
  private int maxOpenAtOnce;

  BoundedRunMerge(SpillFiles files, SerializerInstance serializer, Function2<C, C, C> mergeCombiners, long budgetBytes) {
    this.files = Objects.requireNonNull(files, "files");
    this.serializer = Objects.requireNonNull(serializer, "serializer");
    this.mergeCombiners = Objects.requireNonNull(mergeCombiners, "mergeCombiners");
    if (budgetBytes <= 0) {
      throw new IllegalArgumentException("merge budget must be positive, was " + budgetBytes + " B");
    }
    this.budgetBytes = budgetBytes;
  }

  /** Spark's key hash for spills: {@code hashCode}, 0 for null. */
  static int hash(Object key) {
    return key == null ? 0 : key.hashCode();
  }

  /**
   * What one open run costs a merge: two of its largest pairs (the head and the pair being merged), its read
   * buffer, and what its batch's stream may keep reachable (at most a batch).
   */
  static long headBytes(SpillRun run) {
    return 2 * run.largestPairBytes + SpillRun.BUFFER_BYTES + Math.min(SpillRun.BATCH_BYTES, run.bytes);
  }

  /** Runs a merge of {@code runs} may open at once: the budget over the costliest head, at least two. */
  int fanIn(List<SpillRun> runs) {
    long costliest = runs.stream().mapToLong(BoundedRunMerge::headBytes).max().orElse(1L);
    return (int) Math.max(2L, Math.min(Integer.MAX_VALUE, budgetBytes / costliest));
  }

  /**
   * Merges {@code runs} into one iterator of (key, combiner) pairs, one per key, deleting each run's file
   * once it is merged (the last ones when the iterator runs out; {@link #deleteRemaining} for an early end).
   */
  Iterator<Tuple2<K, C>> merge(List<SpillRun> runs) {
    return merge(runs, null);
  }

  /**
   * As {@link #merge(List)}, with the map's in-memory pairs as one more source of the final merge (not of the
   * rounds: they cost no head beyond the map's own memory).
   */
  Iterator<Tuple2<K, C>> merge(List<SpillRun> runs, MergeSource<K, C> inMemory) {
    live.addAll(runs);
    List<SpillRun> pending = new ArrayList<>(runs);
    pending.sort(Comparator.comparingLong(r -> r.bytes));
    while (pending.size() > fanIn(pending)) {
      List<SpillRun> group = new ArrayList<>(pending.subList(0, fanIn(pending)));
      pending.subList(0, group.size()).clear();
      SpillRun merged = SpillRun.write(mergeOf(group, null), files, serializer);
      live.add(merged);
      rounds++;
      int at = 0;
      while (at < pending.size() && pending.get(at).bytes <= merged.bytes) {
        at++;
      }
      pending.add(at, merged);
    }
    this.inMemory = inMemory;
    return mergeOf(pending, inMemory);
  }

  /** Merge rounds done before the final merge. */
  int rounds() {
    return rounds;
  }

  /** Most runs open at the same time so far. */
  int maxOpenAtOnce() {
    return maxOpenAtOnce;
  }

  /** Deletes the files of {@code runs}. */
  static void deleteAll(List<SpillRun> runs) {
    runs.forEach(SpillRun::delete);
  }

  /** Deletes every run not merged yet, intermediate ones included (a task that ends before the merge ran out). */
  void deleteRemaining() {
    if (inMemory != null) {
      inMemory.finish();
      inMemory = null;
    }
    deleteAll(live);
    live.clear();
  }

  private Iterator<Tuple2<K, C>> mergeOf(List<SpillRun> group, MergeSource<K, C> extra) {
    PriorityQueue<MergeSource<K, C>> heads = new PriorityQueue<>(Comparator.comparingInt(MergeSource::headHash));
    for (SpillRun run : group) {
      SpillRun.Cursor<K, C> c = run.open(files, serializer);
      openNow++;
      maxOpenAtOnce = Math.max(maxOpenAtOnce, openNow);
      if (c.hasHead()) {
        heads.add(c);
      } else {
        finish(c);
      }
    }
    if (extra != null) {
      if (extra.hasHead()) {
        heads.add(extra);
      } else {
        finish(extra);
      }
    }
    return new Iterator<>() {
      private final ArrayDeque<Tuple2<K, C>> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        if (ready.isEmpty() && !heads.isEmpty()) {
          fill();
        }
        return !ready.isEmpty();
      }

      @Override
      public Tuple2<K, C> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }

      /** Every pair of the lowest hash, combined per key. */
      private void fill() {
        int minHash = heads.peek().headHash();
        List<Tuple2<K, C>> sameHash = new ArrayList<>();
        while (!heads.isEmpty() && heads.peek().headHash() == minHash) {
          MergeSource<K, C> c = heads.poll();
          while (c.hasHead() && c.headHash() == minHash) {
            sameHash.add(c.take());
          }
          if (c.hasHead()) {
            heads.add(c);
          } else {
            finish(c);
          }
        }
        for (Tuple2<K, C> kc : sameHash) {
          combineInto(kc);
        }
      }

      private void combineInto(Tuple2<K, C> kc) {
        for (Iterator<Tuple2<K, C>> it = ready.iterator(); it.hasNext(); ) {
          Tuple2<K, C> r = it.next();
          if (Objects.equals(r._1(), kc._1())) {
            it.remove();
            ready.add(new Tuple2<>(r._1(), mergeCombiners.apply(r._2(), kc._2())));
            return;
          }
        }
        ready.add(kc);
      }
    };
  }

  private void finish(MergeSource<K, C> source) {
    source.finish();
    if (source instanceof SpillRun.Cursor<K, C> c) {
      live.remove(c.run);
      openNow--;
    } else if (source == inMemory) {
      inMemory = null;
    }
  }
}

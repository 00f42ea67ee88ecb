package io.spillway.it.cases;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.LongFunction;

/**
 * Generates a partition's records lazily, one global index at a time. Why not a list: several cases
 * produce values of megabytes, and a map task that built its whole partition first would run out of
 * memory in the generator instead of in the Spark code path the case is about.
 *
 * @param <T> the record type
 */
public final class UtilValueIterator<T> implements Iterator<T> {

  private final LongFunction<T> recordOf;
  private final long endIndex;
  private long next;

  /** Iterates {@code recordOf(first) .. recordOf(first + count - 1)}. */
  public UtilValueIterator(long first, long count, LongFunction<T> recordOf) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    this.recordOf = recordOf;
    this.next = first;
    this.endIndex = first + count;
  }

  /** The records of input partition {@code p} out of {@code partitions}, see {@link UtilSplit}. */
  public static <T> UtilValueIterator<T> ofPartition(long records, int partitions, int p, LongFunction<T> recordOf) {
    return new UtilValueIterator<>(UtilSplit.first(records, partitions, p), UtilSplit.count(records, partitions, p),
        recordOf);
  }

  @Override
  public boolean hasNext() {
    return next < endIndex;
  }

  @Override
  public T next() {
    if (next >= endIndex) {
      throw new NoSuchElementException("no record after index " + (endIndex - 1));
    }
    return recordOf.apply(next++);
  }
}

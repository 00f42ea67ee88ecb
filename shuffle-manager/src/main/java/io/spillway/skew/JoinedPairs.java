package io.spillway.skew;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import scala.Tuple2;

/**
 * The output of one cogrouped key, produced lazily in Spark's order ({@code for (v <- vs; w <- ws)}): the cross
 * product when both sides have rows, else the unmatched side's rows when {@code type} keeps them, else nothing.
 * Lazy because a key may have many rows on both sides; the right side's {@code Iterable} is walked once per
 * left row, as Spark's own join does.
 */
final class JoinedPairs<K, V, W, R> implements Iterator<Tuple2<K, R>> {

  private final K key;
  private final Iterable<W> rights;
  private final PairShape<V, W, R> shape;
  private final Mode mode;
  private final Iterator<V> leftRows;
  private Iterator<W> rightRows = Collections.emptyIterator();
  private V currentLeft;

  private enum Mode { CROSS, LEFT_ONLY, RIGHT_ONLY, NONE }

  JoinedPairs(K key, Iterable<V> lefts, Iterable<W> rights, JoinType type, PairShape<V, W, R> shape) {
    this.key = key;
    this.rights = rights;
    this.shape = shape;
    boolean hasLeft = lefts.iterator().hasNext();
    boolean hasRight = rights.iterator().hasNext();
    if (hasLeft && hasRight) {
      mode = Mode.CROSS;
    } else if (hasLeft && type.keepsUnmatchedLeft()) {
      mode = Mode.LEFT_ONLY;
    } else if (hasRight && type.keepsUnmatchedRight()) {
      mode = Mode.RIGHT_ONLY;
    } else {
      mode = Mode.NONE;
    }
    this.leftRows = lefts.iterator();
    if (mode == Mode.RIGHT_ONLY) {
      rightRows = rights.iterator();
    }
  }

  @Override
  public boolean hasNext() {
    switch (mode) {
      case CROSS:
        while (!rightRows.hasNext()) {
          if (!leftRows.hasNext()) {
            return false;
          }
          currentLeft = leftRows.next();
          rightRows = rights.iterator();
        }
        return true;
      case LEFT_ONLY:
        return leftRows.hasNext();
      case RIGHT_ONLY:
        return rightRows.hasNext();
      default:
        return false;
    }
  }

  @Override
  public Tuple2<K, R> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    R value = switch (mode) {
      case CROSS -> shape.matched(currentLeft, rightRows.next());
      case LEFT_ONLY -> shape.leftOnly(leftRows.next());
      case RIGHT_ONLY -> shape.rightOnly(rightRows.next());
      case NONE -> throw new NoSuchElementException();
    };
    return new Tuple2<>(key, value);
  }
}

package io.spillway.runtime.ui;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The newest {@code capacity} elements of a stream and how many older ones were let go. Not thread-safe: the
 * listener that owns it serializes access.
 */
final class Bounded<T> {

  private final int capacity;
  private final ArrayDeque<T> kept = new ArrayDeque<>();
  private long dropped;

  Bounded(int capacity) {
    this.capacity = capacity;
  }

  void add(T element) {
    if (kept.size() == capacity) {
      kept.removeFirst();
      dropped++;
    }
    kept.addLast(element);
  }

  List<T> snapshot() {
    return List.copyOf(kept);
  }

  long dropped() {
    return dropped;
  }
}

package io.spillway.runtime.pressure;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a stream of {@link GcEvent}s into a {@link PressureLevel} and tells listeners when it changes.
 *
 * <p>Design. Events arrive on the source's thread (for JMX, the JVM's notification thread) and update a
 * {@link GcWindow}; the {@link PressureClassifier} then derives the next level from the window's
 * signals. Readers call {@link #current()}, which re-evaluates at the clock's current time: without
 * that, a burst of GC followed by silence would leave the GC-time share (and the level) frozen at the
 * burst's value until the next collection, which may never come on an idle executor.
 *
 * <p>Threading. One lock guards the window and the level; listeners are called under it so that they
 * see changes in order (see {@link PressureListener} for their contract). The latest snapshot is also
 * published in a volatile field for {@link #lastSnapshot()}, which never locks.
 */
public final class PressureMonitor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PressureMonitor.class);

  private final GcSignalSource source;
  private final NanoClock clock;
  private final PressureClassifier classifier;
  private final GcWindow window;
  private final List<PressureListener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private volatile PressureSnapshot snapshot;
  private boolean started;

  public PressureMonitor(GcSignalSource source, NanoClock clock, PressureSettings settings) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.classifier = new PressureClassifier(settings);
    this.window = new GcWindow(settings.gcWindowNanos(), settings.ineffectiveGc());
    this.snapshot = new PressureSnapshot(PressureLevel.NORMAL, clock.nanoTime(), PressureSignals.NONE);
  }

  /** Subscribes to the source. Listeners added before this call see every change. */
  public void start() {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("pressure monitor already started");
      }
      started = true;
    }
    source.start(this::onEvent);
  }

  /** Adds a listener for level changes; see {@link PressureListener} for what it may do. */
  public void addListener(PressureListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(PressureListener listener) {
    listeners.remove(listener);
  }

  /**
   * The level now: re-evaluates the window at the clock's current time (so GC-time share decays when
   * collections stop) and notifies listeners if that changes the level.
   */
  public PressureSnapshot current() {
    synchronized (lock) {
      return evaluate(clock.nanoTime());
    }
  }

  /** The snapshot from the last evaluation, without re-evaluating or locking. */
  public PressureSnapshot lastSnapshot() {
    return snapshot;
  }

  /** Unsubscribes from the source; the last snapshot stays readable. */
  @Override
  public void close() {
    source.stop();
  }

  private void onEvent(GcEvent event) {
    synchronized (lock) {
      window.record(event);
      evaluate(Math.max(clock.nanoTime(), event.timestampNanos()));
    }
  }

  private PressureSnapshot evaluate(long nowNanos) {
    PressureSnapshot before = snapshot;
    PressureSignals signals = window.signals(nowNanos);
    PressureLevel next = classifier.next(before.level(), before.levelSinceNanos(), signals, nowNanos);
    if (next == before.level()) {
      snapshot = new PressureSnapshot(next, before.levelSinceNanos(), signals);
      return snapshot;
    }
    snapshot = new PressureSnapshot(next, nowNanos, signals);
    PressureChange change = new PressureChange(before.level(), next, nowNanos, signals);
    for (PressureListener l : listeners) {
      try {
        l.onLevelChange(change);
      } catch (RuntimeException e) {
        LOG.warn("Pressure listener {} failed on change {} -> {}; other listeners still notified", l, change.from(), change.to(), e);
      }
    }
    return snapshot;
  }
}

package io.spillway.runtime.pressure;

import java.util.function.Consumer;

/**
 * A {@link GcSignalSource} whose events are pushed by the caller: the fake used by tests (in this and
 * other modules) to drive the monitor through a scripted sequence without a real heap or sleeps.
 */
public final class ScriptedGcSignalSource implements GcSignalSource {

  private volatile Consumer<GcEvent> sink;
  private volatile boolean stopped;

  @Override
  public void start(Consumer<GcEvent> sink) {
    if (this.sink != null) {
      throw new IllegalStateException("scripted source already started");
    }
    this.sink = sink;
  }

  @Override
  public void stop() {
    stopped = true;
  }

  /** Whether {@link #start} was called and {@link #stop} was not. */
  public boolean isRunning() {
    return sink != null && !stopped;
  }

  /** Delivers {@code event} to the sink on the calling thread; an error if not running. */
  public void emit(GcEvent event) {
    if (!isRunning()) {
      throw new IllegalStateException("scripted source is not running (started: " + (sink != null) + ", stopped: " + stopped + ")");
    }
    sink.accept(event);
  }
}

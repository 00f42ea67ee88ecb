package io.spillway.runtime.pressure;

import java.util.function.Consumer;

/**
 * Where GC events come from. The seam exists so that pressure classification can be driven by a
 * scripted sequence in tests ({@link ScriptedGcSignalSource}) and by JMX in production
 * ({@link JmxGcSignalSource}).
 *
 * <p>Contract: {@link #start} subscribes once; events are delivered to {@code sink} one at a time (never
 * concurrently) on a thread the source chooses; {@link #stop} unsubscribes and is idempotent. A source
 * never throws out of its delivery thread because of the sink: the sink is expected not to throw.
 */
public interface GcSignalSource {

  /** Starts delivering events to {@code sink}. */
  void start(Consumer<GcEvent> sink);

  /** Stops delivering events; safe to call more than once or without {@link #start}. */
  void stop();
}

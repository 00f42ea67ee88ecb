package io.spillway.runtime.driver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which driver-side handler answers which executor message type. Each feature registers its own message types
 * ({@link DriverFeature#registerHandlers}), so the driver plugin dispatches without naming any feature. Messages
 * are records, so a type is matched exactly, not by subclass. Thread-safe: registration happens at start-up,
 * dispatch on Spark's RPC threads.
 */
public final class DriverMessageHandlers {

  private final Map<Class<?>, Function<Object, Object>> handlers = new ConcurrentHashMap<>();

  /**
   * Makes {@code handler} answer every message of exactly {@code type}; what it returns goes back to an
   * executor's {@code ask} (null for a {@code send}).
   *
   * @throws IllegalStateException when {@code type} already has a handler: two features claiming one message
   *     type is a wiring bug that would otherwise silently drop one of them
   */
  public <M> void on(Class<M> type, Function<? super M, ?> handler) {
    Function<Object, Object> previous = handlers.putIfAbsent(type, m -> handler.apply(type.cast(m)));
    if (previous != null) {
      throw new IllegalStateException("Two Spillway driver handlers for " + type.getName());
    }
  }

  /**
   * The registered handler's answer to {@code message}.
   *
   * @throws IllegalArgumentException when no feature handles the message's type: a bug in the sender
   */
  public Object dispatch(Object message) {
    Function<Object, Object> handler = message == null ? null : handlers.get(message.getClass());
    if (handler == null) {
      throw new IllegalArgumentException("Spillway driver plugin got an unexpected message of type "
          + (message == null ? "null" : message.getClass().getName()));
    }
    return handler.apply(message);
  }
}

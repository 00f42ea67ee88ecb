package io.spillway.runtime.compat;

import java.util.OptionalInt;
import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.StageInfo;

/**
 * The driver's event-log side of Spark that is not public: posting an event of Spillway's to the listener bus
 * ({@code SparkContext.listenerBus} and {@code LiveListenerBus} are {@code private[spark]}) and the shuffle a map
 * stage wrote ({@code StageInfo.shuffleDepId}, {@code private[spark]}). Same on 4.0.4, 4.1.3 and 4.2.0.
 */
public final class ListenerBusCompat {

  private ListenerBusCompat() {}

  /** Posts to {@code sc}'s listener bus: the event reaches every listener and the event log. */
  public static Consumer<SparkListenerEvent> poster(SparkContext sc) {
    return sc.listenerBus()::post;
  }

  /** The id of the shuffle {@code stage} wrote, if it is a map stage. */
  public static OptionalInt shuffleDepId(StageInfo stage) {
    scala.Option<Object> id = stage.shuffleDepId();
    return id.isDefined() ? OptionalInt.of((Integer) id.get()) : OptionalInt.empty();
  }
}

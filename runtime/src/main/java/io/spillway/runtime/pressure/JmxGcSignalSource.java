package io.spillway.runtime.pressure;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link GcSignalSource}: subscribes to {@code GarbageCollectionNotificationInfo} on
 * every GC MXBean that emits notifications.
 *
 * <p>Why notifications rather than polling: each one carries the pool usage right after that collection,
 * which is the only honest measure of live data (usage sampled between collections includes garbage).
 * The event's timestamp is the receive time on the injected clock; the JVM delivers notifications
 * shortly after the pause, and the small delay only shifts the window, it does not change the share.
 *
 * <p>Notifications arrive on a JVM service thread: nothing here may block, and nothing thrown by the
 * sink escapes into that thread (it is logged instead).
 */
public final class JmxGcSignalSource implements GcSignalSource {

  private static final Logger LOG = LoggerFactory.getLogger(JmxGcSignalSource.class);

  private final NanoClock clock;
  private final GcEventMapper mapper;
  private final List<NotificationEmitter> subscribed = new ArrayList<>();
  private NotificationListener listener;

  public JmxGcSignalSource(NanoClock clock) {
    this.clock = clock;
    List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    List<TenuredPools.Pool> facts = TenuredPools.ofThisJvm(pools);
    this.mapper = new GcEventMapper(TenuredPools.select(facts), TenuredPools.heap(facts), Runtime.getRuntime().maxMemory());
  }

  @Override
  public synchronized void start(Consumer<GcEvent> sink) {
    if (listener != null) {
      throw new IllegalStateException("JMX GC source already started");
    }
    listener = (notification, handback) -> deliver(notification, sink);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener,
            n -> GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()), null);
        subscribed.add(emitter);
      }
    }
    LOG.info("Spillway pressure monitor listening to {} GC beans", subscribed.size());
  }

  /** Number of GC beans subscribed to; 0 before {@link #start} and after {@link #stop}. */
  public synchronized int subscriptionCount() {
    return subscribed.size();
  }

  @Override
  public synchronized void stop() {
    for (NotificationEmitter emitter : subscribed) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        LOG.debug("GC listener was already removed from {}", emitter, e);
      }
    }
    subscribed.clear();
  }

  private void deliver(Notification notification, Consumer<GcEvent> sink) {
    try {
      GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      GcInfo gc = info.getGcInfo();
      GcEvent event = mapper.toEvent(clock.nanoTime(), info.getGcName(), info.getGcAction(), gc.getDuration(),
          gc.getMemoryUsageBeforeGc(), gc.getMemoryUsageAfterGc());
      sink.accept(event);
    } catch (RuntimeException e) {
      LOG.warn("Spillway could not process a GC notification; pressure level may lag", e);
    }
  }
}

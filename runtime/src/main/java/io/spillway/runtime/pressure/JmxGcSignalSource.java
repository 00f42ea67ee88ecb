package io.spillway.runtime.pressure;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * <p>Between collections: with occupancy bands given, the tenured pools' usage thresholds are armed at the
 * next band above the latest figure ({@link ReadingThresholds}); when usage crosses one, the JVM's
 * memory-threshold notification becomes an {@link GcKind#OCCUPANCY_READING} of the pools' current usage
 * and the threshold moves to the next band. That is how a heap filling with large arrays, which G1 puts
 * straight into the old generation, is seen before the collection that would otherwise be the first sign.
 *
 * <p>Notifications arrive on a JVM service thread: nothing here may block, and nothing thrown by the
 * sink escapes into that thread (it is logged instead).
 */
public final class JmxGcSignalSource implements GcSignalSource {

  private static final Logger LOG = LoggerFactory.getLogger(JmxGcSignalSource.class);

  private final NanoClock clock;
  private final GcEventMapper mapper;
  private final ReadingThresholds thresholds;
  /** Tenured pools whose usage threshold can be armed; empty when no bands were given. */
  private final List<MemoryPoolMXBean> armable = new ArrayList<>();
  private final long heapMaxBytes = Runtime.getRuntime().maxMemory();
  private final List<NotificationEmitter> subscribed = new ArrayList<>();
  private NotificationListener listener;
  private NotificationListener readingListener;

  /** GC notifications only, no readings between collections. */
  public JmxGcSignalSource(NanoClock clock) {
    this(clock, new double[0]);
  }

  /**
   * @param occupancyBandRatios the occupancy ratios at which a reading between collections is wanted (the
   *     bands' enter ratios); none for GC notifications only
   */
  public JmxGcSignalSource(NanoClock clock, double... occupancyBandRatios) {
    this.clock = clock;
    List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    List<TenuredPools.Pool> facts = TenuredPools.ofThisJvm(pools);
    Set<String> tenured = TenuredPools.select(facts);
    this.mapper = new GcEventMapper(tenured, TenuredPools.heap(facts), heapMaxBytes);
    this.thresholds = new ReadingThresholds(occupancyBandRatios);
    if (occupancyBandRatios.length > 0) {
      for (MemoryPoolMXBean p : pools) {
        if (tenured.contains(p.getName()) && p.isUsageThresholdSupported()) {
          armable.add(p);
        }
      }
    }
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
    if (!armable.isEmpty() && ManagementFactory.getMemoryMXBean() instanceof NotificationEmitter memory) {
      readingListener = (notification, handback) -> deliverReading(sink);
      memory.addNotificationListener(readingListener,
          n -> MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(n.getType()), null);
      subscribed.add(memory);
      arm(0.0);
    }
    LOG.info("Spillway pressure monitor listening to {} GC beans{}", subscribed.size() - (readingListener != null ? 1 : 0),
        readingListener != null ? ", and to usage thresholds of " + armable.size() + " tenured pool(s)" : "");
  }

  /** Whether readings between collections are armed (bands given and a tenured pool supports thresholds). */
  public synchronized boolean readingsArmed() {
    return readingListener != null;
  }

  /** Number of GC beans subscribed to; 0 before {@link #start} and after {@link #stop}. */
  public synchronized int subscriptionCount() {
    return subscribed.size();
  }

  @Override
  public synchronized void stop() {
    for (NotificationEmitter emitter : subscribed) {
      try {
        emitter.removeNotificationListener(emitter == ManagementFactory.getMemoryMXBean() ? readingListener : listener);
      } catch (ListenerNotFoundException e) {
        LOG.debug("GC listener was already removed from {}", emitter, e);
      }
    }
    subscribed.clear();
    if (readingListener != null) {
      for (MemoryPoolMXBean p : armable) {
        p.setUsageThreshold(0L);
      }
      readingListener = null;
    }
  }

  /** Arms each tenured pool's usage threshold at the first band above {@code occupancyRatio} (0 disarms). */
  private void arm(double occupancyRatio) {
    for (MemoryPoolMXBean p : armable) {
      long max = p.getUsage().getMax() > 0 ? p.getUsage().getMax() : heapMaxBytes;
      try {
        p.setUsageThreshold(thresholds.nextThresholdBytes(occupancyRatio, max));
      } catch (RuntimeException e) {
        LOG.debug("Could not arm the usage threshold of {}", p.getName(), e);
      }
    }
  }

  private void deliverReading(Consumer<GcEvent> sink) {
    try {
      long used = 0;
      long max = 0;
      for (MemoryPoolMXBean p : armable) {
        java.lang.management.MemoryUsage u = p.getUsage();
        used += u.getUsed();
        max += u.getMax() > 0 ? u.getMax() : heapMaxBytes;
      }
      long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      GcEvent reading = new GcEvent(clock.nanoTime(), "usage threshold", GcKind.OCCUPANCY_READING, 0L, used, max,
          heapUsed, heapUsed, heapMaxBytes);
      arm(reading.oldGenOccupancyRatio());
      sink.accept(reading);
    } catch (RuntimeException e) {
      LOG.warn("Spillway could not process a memory-threshold notification; pressure level may lag", e);
    }
  }

  private void deliver(Notification notification, Consumer<GcEvent> sink) {
    try {
      GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      GcInfo gc = info.getGcInfo();
      GcEvent event = mapper.toEvent(clock.nanoTime(), info.getGcName(), info.getGcAction(), gc.getDuration(),
          gc.getMemoryUsageBeforeGc(), gc.getMemoryUsageAfterGc());
      if (!armable.isEmpty()) {
        arm(event.oldGenOccupancyRatio());
      }
      sink.accept(event);
    } catch (RuntimeException e) {
      LOG.warn("Spillway could not process a GC notification; pressure level may lag", e);
    }
  }
}

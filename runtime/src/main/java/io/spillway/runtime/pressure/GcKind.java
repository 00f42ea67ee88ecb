package io.spillway.runtime.pressure;

/**
 * What kind of collection a {@link GcEvent} reports. The monitor needs the distinction because only
 * stop-the-world time counts towards the GC-time share, and only full/old collections can be
 * "ineffective" (a young collection that frees little says nothing about the old generation).
 */
public enum GcKind {
  /** A young (or G1 mixed) pause: JMX action "end of minor GC". */
  MINOR,
  /** A full or old-generation collection: JMX action "end of major GC". */
  MAJOR,
  /**
   * A concurrent cycle (ZGC / Shenandoah "Cycles" beans): its duration runs alongside the application,
   * so it is not counted as GC time; its memory figures still update the occupancy.
   */
  CONCURRENT_CYCLE,
  /**
   * Not a collection: a reading of the old generation's current usage between two collections, taken when
   * it crossed a usage threshold (a JVM memory-threshold notification). G1 allocates large arrays straight
   * into the old generation ("humongous" objects), so a heap can fill with them before any collection
   * reports it; this reading raises the occupancy at once, and the next collection's figure replaces it.
   * Not a pause, never ineffective.
   */
  OCCUPANCY_READING;

  /**
   * Maps a {@code GarbageCollectionNotificationInfo.getGcAction()} text to a kind. Why text matching:
   * the JDK exposes no enum; HotSpot's collectors use "end of minor GC", "end of major GC", and
   * "end of GC cycle" for concurrent collectors' cycle beans; anything else is treated as a pause.
   */
  public static GcKind fromGcAction(String gcAction) {
    String a = gcAction == null ? "" : gcAction.toLowerCase(java.util.Locale.ROOT);
    if (a.contains("major")) {
      return MAJOR;
    }
    if (a.contains("cycle")) {
      return CONCURRENT_CYCLE;
    }
    return MINOR;
  }
}

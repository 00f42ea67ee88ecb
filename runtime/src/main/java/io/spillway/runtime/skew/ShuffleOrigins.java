package io.spillway.runtime.skew;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver's record of each registered shuffle's {@link ShuffleOrigin}, written by the shuffle manager
 * when Spark registers a shuffle and read when the shuffle's skew report is built. Both live in the
 * driver JVM; a static registry is the seam between the manager (created by {@code SparkEnv}) and the
 * driver plugin (created by the plugin container), which have no reference to each other.
 */
public final class ShuffleOrigins {

  private static final Map<Integer, ShuffleOrigin> BY_SHUFFLE = new ConcurrentHashMap<>();

  private ShuffleOrigins() {}

  /** Records what shuffle {@code shuffleId} is for. */
  public static void register(int shuffleId, ShuffleOrigin origin) {
    BY_SHUFFLE.put(shuffleId, origin);
  }

  /** Forgets a shuffle Spark unregistered. */
  public static void unregister(int shuffleId) {
    BY_SHUFFLE.remove(shuffleId);
  }

  /** The origin of {@code shuffleId}, {@link ShuffleOrigin#UNKNOWN} if none was registered. */
  public static ShuffleOrigin of(int shuffleId) {
    return BY_SHUFFLE.getOrDefault(shuffleId, ShuffleOrigin.UNKNOWN);
  }

  /** Forgets every shuffle: a new SparkContext numbers its shuffles from 0 again. */
  public static void clear() {
    BY_SHUFFLE.clear();
  }
}

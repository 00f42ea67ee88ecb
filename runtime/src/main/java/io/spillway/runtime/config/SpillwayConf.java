package io.spillway.runtime.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * The registry of every {@code spark.spillway.*} setting. Each feature declares its keys in its own
 * {@code …Keys} class ({@link MonitorKeys}, {@link ShuffleKeys}, {@link SkewKeys}, {@link ControlKeys},
 * {@link OomRetryKeys}, {@link TieredKeys}, {@link UiKeys}); components read values through those entries.
 * {@link #validate} runs at start-up (driver plugin, executor plugin, shuffle manager) so a bad value fails early
 * with the key, the value and the accepted range; the README's configuration reference is generated from
 * {@link #entries()} and a test keeps the two in step. Rules that span several entries (ordered thresholds) are
 * declared with their keys and also run by {@link #validate}.
 */
public final class SpillwayConf {

  /** Every Spillway key starts with this. */
  public static final String PREFIX = "spark.spillway.";

  /** Every feature's keys, in the order the README and the start-up log list them. */
  private static final List<KeyGroup> GROUPS = List.of(MonitorKeys.keys(), ShuffleKeys.keys(), SkewKeys.keys(),
      ControlKeys.keys(), OomRetryKeys.keys(), TieredKeys.keys(), UiKeys.keys());

  private static final List<ConfigEntry<?>> ENTRIES =
      GROUPS.stream().flatMap(g -> g.entries().stream()).toList();

  private SpillwayConf() {}

  /** Every entry's key and effective value (set or default) in declaration order, for start-up logs. */
  public static Map<String, String> effectiveSettings(SparkConf conf) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ConfigEntry<?> e : ENTRIES) {
      out.put(e.key(), renderEffective(e, conf));
    }
    return out;
  }

  private static <T> String renderEffective(ConfigEntry<T> e, SparkConf conf) {
    return e.render(e.get(conf)) + (conf.contains(e.key()) ? "" : " (default)");
  }

  /** All entries in declaration order. */
  public static List<ConfigEntry<?>> entries() {
    return ENTRIES;
  }

  /**
   * Parses every entry set in {@code conf} and rejects unknown {@code spark.spillway.*} keys (a typo
   * would otherwise silently fall back to a default).
   *
   * @throws InvalidConfigException on the first bad value or unknown key
   */
  public static void validate(SparkConf conf) {
    for (Tuple2<String, String> kv : conf.getAllWithPrefix(PREFIX)) {
      String key = PREFIX + kv._1();
      ConfigEntry<?> entry = ENTRIES.stream().filter(e -> e.key().equals(key)).findFirst().orElse(null);
      if (entry == null) {
        throw new InvalidConfigException(key, kv._2(), "a known Spillway key" + KeySuggestion.nearest(key,
            ENTRIES.stream().map(ConfigEntry::key).toList()).map(k -> " (did you mean " + k + "?)").orElse("")
            + "; every key is listed in the README's configuration reference", null);
      }
      entry.parse(kv._2());
    }
    for (KeyGroup group : GROUPS) {
      group.checkRules(conf);
    }
  }
}

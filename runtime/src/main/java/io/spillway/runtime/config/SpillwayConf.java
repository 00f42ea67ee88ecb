package io.spillway.runtime.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * Every {@code spark.spillway.*} setting, in one place. Components read values through these entries;
 * {@link #validate} runs at start-up (driver plugin, executor plugin, shuffle manager) so a bad value
 * fails early with the key, the value and the accepted range; the README's configuration reference is
 * generated from {@link #entries()} and a test keeps the two in step.
 */
public final class SpillwayConf {

  /** Every Spillway key starts with this. */
  public static final String PREFIX = "spark.spillway.";

  private static final List<ConfigEntry<?>> ENTRIES = new ArrayList<>();

  // ---- monitor ------------------------------------------------------------------------------------

  // ---- shuffle ------------------------------------------------------------------------------------

  /**
   * Whether reduce tasks read through Spillway's own shuffle reader (per-task fetch limits). {@code false}
   * hands every read to Spark's {@code BlockStoreShuffleReader}: an escape hatch and the A/B baseline.
   */
  public static final ConfigEntry<Boolean> SHUFFLE_READER_ENABLED = register(
      ConfigEntry.bool(PREFIX + "shuffle.reader.enabled", true)
          .doc("Read shuffle blocks through Spillway's reader, whose fetch limits can be chosen per task; "
              + "false uses Spark's BlockStoreShuffleReader unchanged.")
          .build());

  private SpillwayConf() {}

  private static <T> ConfigEntry<T> register(ConfigEntry<T> e) {
    ENTRIES.add(e);
    return e;
  }

  /** All entries in declaration order. */
  public static List<ConfigEntry<?>> entries() {
    return Collections.unmodifiableList(ENTRIES);
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
        throw new InvalidConfigException(key, kv._2(), "a known Spillway key (see the README's configuration reference)", null);
      }
      entry.parse(kv._2());
    }
  }
}

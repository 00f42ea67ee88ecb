package io.spillway.runtime.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.SparkConf;

/**
 * One feature's settings: its entries in declaration order and the rules that span several of them (e.g. an
 * exit threshold below its enter threshold). Each {@code …Keys} class fills one; {@link SpillwayConf} reads them
 * all. Rules are plain records, not lambdas over {@code SparkConf}: {@link ConfigReference} must load the keys
 * without Spark on the class path.
 */
final class KeyGroup {

  private final List<ConfigEntry<?>> entries = new ArrayList<>();
  private final List<OrderRule<?>> rules = new ArrayList<>();

  /** Registers {@code e} and returns it, for {@code static final} declarations. */
  <T> ConfigEntry<T> add(ConfigEntry<T> e) {
    entries.add(e);
    return e;
  }

  /**
   * Adds a rule that {@code lower} must be strictly below {@code upper}; {@link SpillwayConf#validate} reports a
   * violation against {@code lower}'s key with both values and {@code why}.
   */
  <T extends Comparable<T>> void requireAscending(ConfigEntry<T> lower, ConfigEntry<T> upper, String why) {
    rules.add(new OrderRule<>(lower, upper, true, why));
  }

  /** Like {@link #requireAscending} but equal values are accepted. */
  <T extends Comparable<T>> void requireAtMost(ConfigEntry<T> lower, ConfigEntry<T> upper, String why) {
    rules.add(new OrderRule<>(lower, upper, false, why));
  }

  List<ConfigEntry<?>> entries() {
    return Collections.unmodifiableList(entries);
  }

  /** @throws InvalidConfigException on the first rule {@code conf} breaks */
  void checkRules(SparkConf conf) {
    for (OrderRule<?> rule : rules) {
      rule.check(conf);
    }
  }

  /** {@code lower} must be below (or, if not {@code strict}, at most) {@code upper}, because {@code why}. */
  private record OrderRule<T extends Comparable<T>>(ConfigEntry<T> lower, ConfigEntry<T> upper, boolean strict, String why) {
    void check(SparkConf conf) {
      T low = lower.get(conf);
      T high = upper.get(conf);
      int cmp = low.compareTo(high);
      if (strict ? cmp >= 0 : cmp > 0) {
        throw new InvalidConfigException(lower.key(), lower.render(low),
            (strict ? "a value below " : "a value at most ") + upper.key() + " (" + upper.render(high) + ") because " + why, null);
      }
    }
  }
}

package io.spillway.runtime.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.SparkConf;

/**
 * One typed {@code spark.spillway.*} setting: its key, default, accepted range and documentation.
 *
 * <p>Why typed entries instead of {@code conf.get(String)} scattered around: a bad value must fail
 * start-up with a message naming the key, the value and what is accepted, and the README's config
 * reference must be generated from the same place that reads the values (see {@link SpillwayConf}).
 *
 * @param <T> the Java type of the value
 */
public final class ConfigEntry<T> {

  private final String key;
  private final T defaultValue;
  private final String doc;
  private final String acceptedDescription;
  private final Function<String, T> parser;
  private final Function<T, Boolean> accepts;
  private final Function<T, String> renderer;

  private ConfigEntry(Builder<T> b) {
    this.key = b.key;
    this.defaultValue = b.defaultValue;
    this.doc = b.doc;
    this.acceptedDescription = b.acceptedDescription;
    this.parser = b.parser;
    this.accepts = b.accepts;
    this.renderer = b.renderer;
    if (!accepts.apply(defaultValue)) {
      throw new IllegalStateException("default of " + key + " (" + render(defaultValue) + ") is outside " + acceptedDescription);
    }
  }

  public String key() {
    return key;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String doc() {
    return doc;
  }

  /** The accepted values in words, e.g. {@code "an integer in [1, 1000]"}. */
  public String accepted() {
    return acceptedDescription;
  }

  public String render(T value) {
    return renderer.apply(value);
  }

  /** The value in {@code conf}, or the default; a malformed or out-of-range value throws. */
  public T get(SparkConf conf) {
    if (!conf.contains(key)) {
      return defaultValue;
    }
    return parse(conf.get(key));
  }

  /** Parses and range-checks {@code raw}, throwing {@link InvalidConfigException} naming key, value and range. */
  public T parse(String raw) {
    T value;
    try {
      value = parser.apply(raw.trim());
    } catch (RuntimeException e) {
      throw new InvalidConfigException(key, raw, acceptedDescription, e);
    }
    if (value == null || !accepts.apply(value)) {
      throw new InvalidConfigException(key, raw, acceptedDescription, null);
    }
    return value;
  }

  static Builder<Boolean> bool(String key, boolean defaultValue) {
    return new Builder<Boolean>(key, defaultValue)
        .parser(s -> {
          String v = s.toLowerCase(Locale.ROOT);
          if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
          }
          throw new IllegalArgumentException("not a boolean");
        })
        .accepts(v -> true, "true or false");
  }

  static Builder<Long> longValue(String key, long defaultValue, long min, long max) {
    return new Builder<Long>(key, defaultValue)
        .parser(Long::parseLong)
        .accepts(v -> v >= min && v <= max, "an integer in [" + min + ", " + max + "]");
  }

  static Builder<Integer> intValue(String key, int defaultValue, int min, int max) {
    return new Builder<Integer>(key, defaultValue)
        .parser(Integer::parseInt)
        .accepts(v -> v >= min && v <= max, "an integer in [" + min + ", " + max + "]");
  }

  static Builder<Double> ratio(String key, double defaultValue, double min, double max) {
    return new Builder<Double>(key, defaultValue)
        .parser(Double::parseDouble)
        .accepts(v -> !v.isNaN() && v >= min && v <= max, "a number in [" + min + ", " + max + "]");
  }

  /** A byte size written the Spark way ({@code 64m}, {@code 1g}, {@code 512k}, plain bytes). */
  static Builder<Long> bytes(String key, long defaultBytes, long minBytes, long maxBytes) {
    return new Builder<Long>(key, defaultBytes)
        .parser(s -> io.spillway.runtime.compat.ConfigUnitsCompat.bytes(s))
        .accepts(v -> v >= minBytes && v <= maxBytes,
            "a byte size (e.g. 64m, 1g) in [" + minBytes + ", " + maxBytes + "] bytes")
        .renderer(ConfigEntry::renderBytes);
  }

  /** A duration written the Spark way ({@code 500ms}, {@code 10s}, {@code 2min}), held in milliseconds. */
  static Builder<Long> durationMillis(String key, long defaultMillis, long minMillis, long maxMillis) {
    return new Builder<Long>(key, defaultMillis)
        .parser(s -> io.spillway.runtime.compat.ConfigUnitsCompat.millis(s))
        .accepts(v -> v >= minMillis && v <= maxMillis,
            "a duration (e.g. 500ms, 10s) in [" + renderMillis(minMillis) + ", " + renderMillis(maxMillis) + "]")
        .renderer(ConfigEntry::renderMillis);
  }

  /** A duration in the largest unit that is exact, in a form {@code timeStringAsMs} reads back: 10s, 2min, 1500ms. */
  static String renderMillis(long millis) {
    if (millis > 0 && millis % 3_600_000L == 0) {
      return (millis / 3_600_000L) + "h";
    }
    if (millis > 0 && millis % 60_000L == 0) {
      return (millis / 60_000L) + "min";
    }
    if (millis > 0 && millis % 1_000L == 0) {
      return (millis / 1_000L) + "s";
    }
    return millis + "ms";
  }

  static String renderBytes(long bytes) {
    if (bytes > 0 && bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "g";
    }
    if (bytes > 0 && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + "m";
    }
    if (bytes > 0 && bytes % (1L << 10) == 0) {
      return (bytes >> 10) + "k";
    }
    return Long.toString(bytes);
  }

  /** Collects an entry's parts; {@link #doc} and {@link #accepts} are required. */
  static final class Builder<T> {
    private final String key;
    private final T defaultValue;
    private String doc;
    private String acceptedDescription;
    private Function<String, T> parser;
    private Function<T, Boolean> accepts;
    private Function<T, String> renderer = String::valueOf;

    Builder(String key, T defaultValue) {
      if (!key.startsWith(SpillwayConf.PREFIX)) {
        throw new IllegalArgumentException("key " + key + " is not under " + SpillwayConf.PREFIX);
      }
      this.key = key;
      this.defaultValue = Objects.requireNonNull(defaultValue, "default of " + key);
    }

    Builder<T> parser(Function<String, T> p) {
      this.parser = p;
      return this;
    }

    Builder<T> accepts(Function<T, Boolean> a, String description) {
      this.accepts = a;
      this.acceptedDescription = description;
      return this;
    }

    Builder<T> renderer(Function<T, String> r) {
      this.renderer = r;
      return this;
    }

    Builder<T> doc(String d) {
      this.doc = d;
      return this;
    }

    ConfigEntry<T> build() {
      Objects.requireNonNull(doc, "doc of " + key);
      Objects.requireNonNull(parser, "parser of " + key);
      Objects.requireNonNull(accepts, "accepted range of " + key);
      return new ConfigEntry<>(this);
    }
  }
}

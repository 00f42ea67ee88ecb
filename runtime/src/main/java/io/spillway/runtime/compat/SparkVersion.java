package io.spillway.runtime.compat;

import java.lang.reflect.Method;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * The Spark version this JVM runs, read once, and what Spillway does on it.
 *
 * <p>Spillway is compiled against Spark 4.1 and links against the 4.0, 4.1 and 4.2 lines (checked per line
 * in CI). Any other line — 3.x, which creates its shuffle manager before {@code --jars} are loaded and lacks
 * the 4.1 APIs, or a line newer than this jar, whose internals nobody has checked — runs in <em>safe
 * mode</em>: the shuffle manager only delegates to Spark's {@code SortShuffleManager} and the plugin only
 * monitors the heap. Safe mode rather than refusing to start: an operator who upgrades Spark cluster-wide
 * with Spillway in the defaults keeps working (stock) jobs and one WARN per JVM saying why, instead of every
 * application failing at start.
 *
 * <p>The version comes from {@code org.apache.spark.package$.SPARK_VERSION} (present since Spark 1.x),
 * read by reflection so that a Spark without it is an unknown version, not a linkage error.
 */
public record SparkVersion(int major, int minor, int patch, String text) {

  /** The oldest supported line, inclusive. */
  public static final SparkVersion OLDEST_SUPPORTED = new SparkVersion(4, 0, 0, "4.0");
  /** The newest supported line, inclusive (any patch release of it). */
  public static final SparkVersion NEWEST_SUPPORTED = new SparkVersion(4, 2, 0, "4.2");
  /** What the supported range reads as in messages and docs. */
  public static final String SUPPORTED_LINES = "4.0.x, 4.1.x and 4.2.x";

  private static final Pattern NUMBERS = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
  /** Stands for a version string that could not be read or parsed: never supported. */
  private static final SparkVersion UNKNOWN = new SparkVersion(0, 0, 0, "unknown");
  private static final AtomicBoolean SAFE_MODE_WARNED = new AtomicBoolean();

  public SparkVersion {
    Objects.requireNonNull(text, "text");
  }

  /** The running Spark's version (computed once per class loader). */
  public static SparkVersion running() {
    return Running.VERSION;
  }

  /** Parses {@code 4.1.3}, {@code 4.2.0-SNAPSHOT}, {@code 4.0}; anything else is an unknown version. */
  public static SparkVersion parse(String text) {
    if (text == null) {
      return UNKNOWN;
    }
    Matcher m = NUMBERS.matcher(text.trim());
    if (!m.find()) {
      return new SparkVersion(0, 0, 0, text);
    }
    int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    return new SparkVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, text.trim());
  }

  /** Whether this is {@code major.minor} or a later line. */
  public boolean atLeast(int otherMajor, int otherMinor) {
    return major > otherMajor || (major == otherMajor && minor >= otherMinor);
  }

  /** Whether Spillway runs fully on this line (4.0, 4.1 or 4.2). */
  public boolean isSupported() {
    return atLeast(OLDEST_SUPPORTED.major, OLDEST_SUPPORTED.minor)
        && !atLeast(NEWEST_SUPPORTED.major, NEWEST_SUPPORTED.minor + 1);
  }

  /**
   * Logs, once per JVM (class loader), that Spillway runs in safe mode on this version: the single WARN the
   * plugin and the shuffle manager share, so a JVM that starts both says it once.
   */
  public void warnSafeModeOnce(Logger log, String where) {
    if (SAFE_MODE_WARNED.compareAndSet(false, true)) {
      log.warn("Spillway supports Spark {} but this {} runs Spark {}: Spillway is in safe mode here "
              + "(the shuffle manager delegates to Spark's SortShuffleManager, the plugin only monitors the heap; "
              + "no Spillway reader, writer, spill policy or pressure control)", SUPPORTED_LINES, where, text);
    }
  }

  @Override
  public String toString() {
    return text;
  }

  private static final class Running {
    static final SparkVersion VERSION = parse(read());

    private static String read() {
      try {
        Class<?> pkg = Class.forName("org.apache.spark.package$", true, SparkVersion.class.getClassLoader());
        Object module = pkg.getField("MODULE$").get(null);
        Method version = pkg.getMethod("SPARK_VERSION");
        return (String) version.invoke(module);
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        return null;
      }
    }
  }
}

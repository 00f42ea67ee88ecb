package io.spillway.it.harness;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.io.CompressionCodec$;

/**
 * Finds the event log files Spark wrote into an event log folder and opens them.
 *
 * <p>Spark 4 writes rolling, compressed logs by default ({@code spark.eventLog.rolling.enabled} and
 * {@code spark.eventLog.compress} are both true): a folder {@code eventlog_v2_<appId>} holding
 * {@code events_<n>_<appId>[.zstd]} parts. With rolling off it writes one file {@code <appId>[.codec]},
 * named {@code …inprogress} until the application ends. All of these are read here, so the harness
 * leaves Spark's defaults alone.
 */
final class EventLogFiles {

  private static final Pattern PART = Pattern.compile("events_(\\d+)_.*");
  private static final List<String> CODECS = List.of("zstd", "lz4", "lzf", "snappy");

  private EventLogFiles() {}

  /** The event log files under {@code dir} (not recursive beyond rolling folders), in reading order. */
  static List<Path> find(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.sorted().toList()) {
        String name = p.getFileName().toString();
        if (Files.isDirectory(p) && name.startsWith("eventlog_v2_")) {
          files.addAll(rollingParts(p));
        } else if (Files.isRegularFile(p) && isSingleLog(name)) {
          files.add(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list event logs in " + dir, e);
    }
    return files;
  }

  private static List<Path> rollingParts(Path folder) throws IOException {
    try (Stream<Path> parts = Files.list(folder)) {
      return parts.filter(p -> PART.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparingLong(EventLogFiles::partIndex))
          .toList();
    }
  }

  private static long partIndex(Path p) {
    Matcher m = PART.matcher(p.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
  }

  private static boolean isSingleLog(String name) {
    return name.startsWith("app-") || name.startsWith("local-") || name.startsWith("application_");
  }

  /** Opens a log file, decompressing it when its name ends in a Spark codec's short name. */
  static InputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file));
    Optional<String> codec = codecOf(file.getFileName().toString());
    if (codec.isEmpty()) {
      return in;
    }
    // Spark's own codec (private[spark] in Scala, public in bytecode): the one the writer used, and the
    // "continuous" stream tolerates a log cut off by a killed driver, as the history server does.
    return CompressionCodec$.MODULE$.createCodec(new SparkConf(false), codec.get()).compressedContinuousInputStream(in);
  }

  static Optional<String> codecOf(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT).replaceFirst("\\.inprogress$", "");
    return CODECS.stream().filter(c -> name.endsWith("." + c)).findFirst();
  }
}

package io.spillway.it.harness;

import io.spillway.it.cluster.ClusterEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings that switch Spillway on for a spark-submit, read from the repository's
 * {@code conf/spark-defaults.conf} — the file users copy into their own Spark — so that the A/B
 * harness tests exactly what they would deploy.
 */
final class SpillwayDefaults {

  private SpillwayDefaults() {}

  /**
   * Every {@code key value} (or {@code key=value}) line of the file, as {@code key=value}, in file order;
   * when the file does not exist yet, just the shuffle manager and the plugin.
   */
  static List<String> read(Path sparkDefaultsConf) throws IOException {
    if (!Files.isRegularFile(sparkDefaultsConf)) {
      return List.of("spark.shuffle.manager=" + ClusterEnvironment.SHUFFLE_MANAGER,
          "spark.plugins=" + ClusterEnvironment.PLUGIN);
    }
    List<String> conf = new ArrayList<>();
    for (String raw : Files.readAllLines(sparkDefaultsConf)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int ws = indexOfSeparator(line);
      if (ws < 0) {
        throw new IOException(sparkDefaultsConf + ": expected 'key value', got '" + line + "'");
      }
      conf.add(line.substring(0, ws).strip() + "=" + line.substring(ws + 1).strip());
    }
    return conf;
  }

  /**
   * The lines of {@link #read} a case run's Spillway side adds to its conf: all but the JVM options
   * (the local cluster gives every JVM the same module options already) and the two switches the
   * cluster conf sets itself.
   */
  static List<String> caseRunSettings(Path sparkDefaultsConf) throws IOException {
    List<String> out = new ArrayList<>();
    for (String kv : read(sparkDefaultsConf)) {
      String key = kv.substring(0, kv.indexOf('='));
      if (!key.endsWith(".extraJavaOptions") && !key.equals("spark.shuffle.manager") && !key.equals("spark.plugins")) {
        out.add(kv);
      }
    }
    return out;
  }

  /** Spark's properties-file rule: the key ends at the first '=' or whitespace. */
  private static int indexOfSeparator(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '=' || Character.isWhitespace(c)) {
        return i;
      }
    }
    return -1;
  }
}

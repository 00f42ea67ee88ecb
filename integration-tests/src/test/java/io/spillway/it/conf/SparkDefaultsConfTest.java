package io.spillway.it.conf;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.it.cluster.ClusterEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Pins {@code conf/spark-defaults.conf} — what operators copy to their clusters — to the options the
 * build and the test clusters use, so the three lists cannot drift apart.
 */
class SparkDefaultsConfTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @Test
  void defaults_enableShuffleManagerAndPlugin() throws IOException {
    Map<String, String> conf = read(REPO.resolve("conf/spark-defaults.conf"));

    assertThat(conf).containsEntry("spark.shuffle.manager", ClusterEnvironment.SHUFFLE_MANAGER)
        .containsEntry("spark.plugins", ClusterEnvironment.PLUGIN);
  }

  @Test
  void defaults_switchOnTheRetryThatRunsAloneAfterAnOutOfMemoryFailure() throws IOException {
    assertThat(read(REPO.resolve("conf/spark-defaults.conf"))).containsEntry("spark.spillway.oomRetry.enabled", "true");
  }

  @Test
  void defaults_carryEveryJvmOptionOnDriverAndExecutors() throws IOException {
    Map<String, String> conf = read(REPO.resolve("conf/spark-defaults.conf"));

    for (String key : List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
      assertThat(Arrays.asList(conf.get(key).split("\\s+")))
          .as(key).containsExactlyElementsOf(ClusterEnvironment.JVM_MODULE_OPTIONS);
    }
  }

  @Test
  void buildTestJvms_getTheSameOptions() throws IOException {
    Matcher m = Pattern.compile("<spillway.jvm.opens>(.*?)</spillway.jvm.opens>")
        .matcher(Files.readString(REPO.resolve("pom.xml")));

    assertThat(m.find()).as("pom.xml defines spillway.jvm.opens").isTrue();
    assertThat(Arrays.asList(m.group(1).trim().split("\\s+"))).containsExactlyElementsOf(ClusterEnvironment.JVM_MODULE_OPTIONS);
  }

  /** spark-defaults.conf syntax: key, whitespace, value; '#' starts a comment line. */
  private static Map<String, String> read(Path file) throws IOException {
    Map<String, String> conf = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String[] kv = t.split("\\s+", 2);
      conf.put(kv[0], kv.length > 1 ? kv[1].strip() : "");
    }
    return conf;
  }
}

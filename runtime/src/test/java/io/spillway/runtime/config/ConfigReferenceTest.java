package io.spillway.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReferenceTest {

  /** The top-level README, relative to the runtime module directory (surefire's working directory). */
  private static final Path README = Path.of("..", "README.md");

  @Test
  void readme_containsCurrentGeneratedTable() throws IOException {
    assertThat(README).as("top-level README.md; create it with: " + ConfigReference.REGENERATE_COMMAND).exists();
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    assertThat(ConfigReference.findSection(readme))
        .as("README.md's configuration reference is missing or out of date with SpillwayConf.entries(). "
            + "Regenerate it from the repository root (after building runtime) with:\n  " + ConfigReference.REGENERATE_COMMAND)
        .contains(ConfigReference.section());
  }

  @Test
  void table_hasOneRowPerEntry() {
    String table = ConfigReference.table();
    assertThat(table.lines()).hasSize(SpillwayConf.entries().size() + 2);
    for (ConfigEntry<?> e : SpillwayConf.entries()) {
      assertThat(table).contains("| `" + e.key() + "` |");
    }
  }

  @Test
  void table_showsRenderedDefaultAndRange() {
    assertThat(ConfigReference.table())
        .contains("| `spark.spillway.monitor.gcWindow` | `10s` | a duration (e.g. 500ms, 10s) in [1s, 10min] |");
  }

  @Test
  void rewrite_replacesOnlyTheMarkedSection() {
    String doc = "# Title\n\nintro\n\n" + ConfigReference.BEGIN + "\nold table\n" + ConfigReference.END + "\n\n## After\n";
    String out = ConfigReference.rewrite(doc);
    assertThat(out).startsWith("# Title\n\nintro\n\n" + ConfigReference.BEGIN)
        .endsWith(ConfigReference.END + "\n\n## After\n")
        .doesNotContain("old table")
        .contains(ConfigReference.table());
    assertThat(ConfigReference.rewrite(out)).isEqualTo(out);
  }

  @Test
  void rewrite_noMarkers_appendsSection() {
    String out = ConfigReference.rewrite("# Title\n");
    assertThat(out).isEqualTo("# Title\n\n" + ConfigReference.section() + "\n");
  }

  @Test
  void run_writeThenCheck_roundTrips(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("README.md");
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    assertThat(ConfigReference.run(new String[] {"--check", file.toString()}, sink, errStream)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(ConfigReference.REGENERATE_COMMAND);

    assertThat(ConfigReference.run(new String[] {"--write", file.toString()}, sink, errStream)).isZero();
    assertThat(Files.readString(file)).startsWith("# Spillway\n\n" + ConfigReference.BEGIN);
    assertThat(ConfigReference.run(new String[] {"--check", file.toString()}, sink, errStream)).isZero();
  }
}

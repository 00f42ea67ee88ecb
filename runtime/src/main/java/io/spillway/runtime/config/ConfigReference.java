package io.spillway.runtime.config;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Generates the README's configuration reference from {@link SpillwayConf#entries()}, so the documented
 * keys, defaults and ranges are the ones the code accepts. A unit test fails when the README's section
 * differs; the fix is to regenerate it:
 *
 * <pre>
 *   java -cp runtime/target/classes io.spillway.runtime.config.ConfigReference --write README.md
 * </pre>
 *
 * <p>Usage: no argument prints the table; {@code --write FILE} replaces the text between
 * {@link #BEGIN} and {@link #END} in FILE (appending the section if the markers are missing, creating the
 * file if absent); {@code --check FILE} exits with status 1 when FILE's section is out of date.
 */
public final class ConfigReference {

  public static final String BEGIN = "<!-- spillway-config:begin -->";
  public static final String END = "<!-- spillway-config:end -->";
  /** How to regenerate, for failure messages (run from the repository root after building runtime). */
  public static final String REGENERATE_COMMAND =
      "java -cp runtime/target/classes io.spillway.runtime.config.ConfigReference --write README.md";

  private ConfigReference() {}

  /** The Markdown table of every entry, one row per key, ending with a newline. */
  public static String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("| Key | Default | Accepted | Meaning |\n");
    sb.append("|---|---|---|---|\n");
    for (ConfigEntry<?> e : SpillwayConf.entries()) {
      sb.append("| `").append(e.key()).append("` | `").append(cell(renderDefault(e))).append("` | ")
          .append(cell(e.accepted())).append(" | ").append(cell(e.doc())).append(" |\n");
    }
    return sb.toString();
  }

  /** The whole marked section: begin marker, table, end marker. */
  public static String section() {
    return BEGIN + "\n" + table() + END;
  }

  /** The text between the markers in {@code document} (markers included), if both are present in order. */
  public static Optional<String> findSection(String document) {
    int begin = document.indexOf(BEGIN);
    int end = begin < 0 ? -1 : document.indexOf(END, begin);
    return end < 0 ? Optional.empty() : Optional.of(document.substring(begin, end + END.length()));
  }

  /** {@code document} with its section replaced by the current one, or the section appended. */
  public static String rewrite(String document) {
    Optional<String> old = findSection(document);
    if (old.isPresent()) {
      int begin = document.indexOf(BEGIN);
      return document.substring(0, begin) + section() + document.substring(begin + old.get().length());
    }
    String sep = document.isEmpty() || document.endsWith("\n\n") ? "" : document.endsWith("\n") ? "\n" : "\n\n";
    return document + sep + section() + "\n";
  }

  public static void main(String[] args) throws IOException {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
    if (args.length == 0) {
      out.print(table());
      return 0;
    }
    if (args.length == 2 && args[0].equals("--write")) {
      Path file = Path.of(args[1]);
      String doc = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Spillway\n\n";
      Files.writeString(file, rewrite(doc), StandardCharsets.UTF_8);
      out.println("Wrote the configuration reference (" + SpillwayConf.entries().size() + " keys) to " + file);
      return 0;
    }
    if (args.length == 2 && args[0].equals("--check")) {
      Path file = Path.of(args[1]);
      String doc = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      if (findSection(doc).equals(Optional.of(section()))) {
        return 0;
      }
      err.println(file + ": configuration reference is out of date; run: " + REGENERATE_COMMAND);
      return 1;
    }
    err.println("usage: ConfigReference [--write FILE | --check FILE]");
    return 2;
  }

  private static <T> String renderDefault(ConfigEntry<T> e) {
    return e.render(e.defaultValue());
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}

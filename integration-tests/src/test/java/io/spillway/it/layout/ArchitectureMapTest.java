package io.spillway.it.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/architecture.md}'s package map and the tree in step: every package with main sources has its
 * line, and every line names a package that still exists. The map is the newcomer's first page; a stale one
 * is worse than none.
 */
class ArchitectureMapTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  /** A package row of the map: {@code | `io.spillway.x.y` | what it owns |}. */
  private static final Pattern ROW = Pattern.compile("^\\| `(io\\.spillway[a-z0-9.]*)` \\|", Pattern.MULTILINE);

  @Test
  void map_listsExactlyThePackagesOfTheMainSources() throws IOException {
    Set<String> mapped = new TreeSet<>();
    Matcher m = ROW.matcher(Files.readString(REPO.resolve("docs/architecture.md")));
    while (m.find()) {
      mapped.add(m.group(1));
    }

    assertThat(mapped).isEqualTo(packagesInTree());
  }

  private static Set<String> packagesInTree() throws IOException {
    Set<String> packages = new TreeSet<>();
    try (Stream<Path> files = Files.walk(REPO)) {
      files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !p.toString().contains("/target/"))
          .forEach(p -> {
            String path = REPO.relativize(p.getParent()).toString().replace('\\', '/');
            int root = path.indexOf("src/main/java/");
            if (root >= 0) {
              packages.add(path.substring(root + "src/main/java/".length()).replace('/', '.'));
            }
          });
    }
    return packages;
  }
}

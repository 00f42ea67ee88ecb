package io.spillway.it.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium ({@code apt-get install -y chromium}) driven from its command line: the DOM after the
 * page's scripts ran ({@code --dump-dom}) and a PNG of it ({@code --screenshot}). A real browser, so the page is
 * checked as an operator sees it (Spark's header scripts, the inline SVG), not as the server sent it.
 */
final class HeadlessChromium {

  /** Longest one page load may take on a loaded machine before the test gives up on the browser. */
  private static final long PAGE_TIMEOUT_SECONDS = 120;

  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  /** The installed browser; fails with how to install it when there is none. */
  static HeadlessChromium installed() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
      Path p = Path.of(candidate);
      if (Files.isExecutable(p)) {
        return new HeadlessChromium(p);
      }
    }
    throw new IllegalStateException("no headless browser: install Debian's chromium (apt-get install -y chromium), "
        + "as .ci/run does");
  }

  /** The page's DOM as serialized after load. */
  String dumpDom(String url, Path workDir) throws IOException, InterruptedException {
    Path out = workDir.resolve("dom-" + System.nanoTime() + ".html");
    run(workDir, out, List.of("--dump-dom", url));
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** A PNG of the page at {@code widthPx} × {@code heightPx}. */
  void screenshot(String url, Path png, int widthPx, int heightPx, Path workDir) throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    run(workDir, workDir.resolve("screenshot-" + System.nanoTime() + ".log"),
        List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + widthPx + "," + heightPx,
            "--hide-scrollbars", url));
    if (!Files.isRegularFile(png) || Files.size(png) == 0) {
      throw new IllegalStateException("chromium wrote no screenshot of " + url + " to " + png);
    }
  }

  private void run(Path workDir, Path stdout, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + workDir.resolve("profile"),
        "--virtual-time-budget=5000"));
    command.addAll(args);
    Path stderr = workDir.resolve("chromium-" + System.nanoTime() + ".err");
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(PAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish within " + PAGE_TIMEOUT_SECONDS + " s: " + command);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("chromium exited with " + p.exitValue() + ": " + command + "\n"
          + Files.readString(stderr, StandardCharsets.UTF_8));
    }
  }
}

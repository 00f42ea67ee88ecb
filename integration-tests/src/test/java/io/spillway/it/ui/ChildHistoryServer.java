package io.spillway.it.ui;

import io.spillway.it.cluster.ClusterEnvironment;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Spark's History Server in a child JVM on an event-log folder, with this test's class path: Spark's jars and
 * Spillway's modules, so it finds Spillway's {@code AppHistoryServerPlugin} by {@code ServiceLoader} exactly as a
 * History Server with the drop-in jar on its class path does.
 */
final class ChildHistoryServer implements AutoCloseable {

  /** Longest the server may take to start and to list an application on a loaded machine. */
  private static final long READY_TIMEOUT_MILLIS = 180_000;

  private final Process process;
  private final int port;

  private ChildHistoryServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ChildHistoryServer start(Path eventLogDir, Path log) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ClusterEnvironment.JVM_MODULE_OPTIONS);
    command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "-Dspark.history.fs.logDirectory=" + eventLogDir.toUri(),
        "-Dspark.history.ui.port=" + port,
        "-Dspark.history.fs.update.interval=1s",
        "-Dspark.ui.showConsoleProgress=false",
        "org.apache.spark.deploy.history.HistoryServer"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ChildHistoryServer(p, port);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Blocks until the server lists {@code appId} as a finished application. */
  void awaitApplication(String appId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the History Server exited with " + process.exitValue());
      }
      String apps = get(baseUrl() + "/api/v1/applications?status=completed");
      if (apps.contains("\"" + appId + "\"")) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the History Server did not list " + appId + " within " + READY_TIMEOUT_MILLIS
        + " ms");
  }

  private static String get(String url) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(2_000);
      c.setReadTimeout(10_000);
      try {
        return c.getResponseCode() == 200 ? new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
      } finally {
        c.disconnect();
      }
    } catch (IOException notUpYet) {
      return "";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}

package io.spillway.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one driver process (a CaseRunner JVM or spark-submit) with its output in a log file, and kills
 * its whole process tree when it outlives its time limit.
 *
 * <p>Why the tree: in {@code local-cluster} mode the executors are JVMs launched by workers inside the
 * driver, i.e. grandchildren of the harness; killing only the driver would leave them running (and
 * holding memory) on a machine shared with other jobs. {@link ProcessHandle#descendants()} is taken
 * before the driver dies, since orphans are re-parented and no longer found afterwards.
 */
final class ChildProcess {

  /** How long to wait for a killed tree to go away before moving on. */
  private static final long KILL_WAIT_MILLIS = 10_000;

  /**
   * How a child ended.
   *
   * @param exitCode   its exit code, {@code -1} when killed at the time limit
   * @param timedOut   the limit was reached
   * @param wallMillis from start to exit
   */
  record Exit(int exitCode, boolean timedOut, long wallMillis) {}

  private ChildProcess() {}

  static Exit run(List<String> command, Map<String, String> env, Path logFile, Duration timeout)
      throws IOException, InterruptedException {
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(logFile.toFile());
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process p = pb.start();
    Thread killOnExit = new Thread(() -> killTree(p.toHandle()), "spillway-ab-kill-" + p.pid());
    Runtime.getRuntime().addShutdownHook(killOnExit);
    try {
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        killTree(p.toHandle());
      }
      long wallMillis = (System.nanoTime() - start) / 1_000_000;
      return finished ? new Exit(p.exitValue(), false, wallMillis) : new Exit(-1, true, wallMillis);
    } finally {
      if (p.isAlive()) {
        killTree(p.toHandle());
      }
      removeHook(killOnExit);
    }
  }

  /** Kills {@code root} and every descendant, children first, and waits briefly for them to go. */
  static void killTree(ProcessHandle root) {
    List<ProcessHandle> tree = root.descendants().toList();
    tree.forEach(ProcessHandle::destroyForcibly);
    root.destroyForcibly();
    long deadline = System.currentTimeMillis() + KILL_WAIT_MILLIS;
    for (ProcessHandle h : tree) {
      waitGone(h, deadline);
    }
    waitGone(root, deadline);
  }

  private static void waitGone(ProcessHandle h, long deadlineMillis) {
    try {
      h.onExit().get(Math.max(1, deadlineMillis - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // Reported by the caller through the still-alive process; nothing more to do here.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook will run and find nothing alive.
    }
  }
}

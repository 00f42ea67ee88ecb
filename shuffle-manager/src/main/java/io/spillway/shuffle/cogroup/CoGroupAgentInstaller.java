package io.spillway.shuffle.cogroup;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Spark's {@code CoGroupedRDD.compute} ask {@link SpillwayCoGroup} first, in this JVM: loads the cogroup
 * agent (unless it came with {@code -javaagent}) and installs the handler in the bootstrap hook.
 *
 * <h2>How the agent gets in</h2>
 * A JVM may not attach an agent to itself unless started with {@code -Djdk.attach.allowAttachSelf=true}, so the
 * installer writes a small agent jar (the classes of {@code cogroup.agent} and the hook, nothing else) and starts
 * a child JVM of the same JDK that attaches it to this one ({@code agent.Attacher}), and waits for that child (the
 * shuffle manager calls it from a thread of its own on executors). It needs a JDK (the {@code jdk.attach} module),
 * as Chronicle Map does. Any failure — no JDK, attach refused, a Spark whose {@code compute} has another shape —
 * leaves Spark's code running, with one WARN.
 *
 * <h2>Versions</h2>
 * Only the Spark lines whose {@code CoGroupedRDD} was read for this ({@link #RECOGNISED_LINES}); on any other the
 * agent is not loaded at all.
 */
public final class CoGroupAgentInstaller {

  private static final Logger LOG = LoggerFactory.getLogger(CoGroupAgentInstaller.class);

  /** Spark lines whose {@code CoGroupedRDD.compute} and partitions {@link SpillwayCoGroup} was checked against. */
  static final List<String> RECOGNISED_LINES = List.of("4.0.", "4.1.", "4.2.");

  static final String AGENT_PACKAGE = "io/spillway/shuffle/cogroup/agent/";
  static final String AGENT_CLASS = "io.spillway.shuffle.cogroup.agent.CoGroupAgent";
  static final String ATTACHER_CLASS = "io.spillway.shuffle.cogroup.agent.Attacher";
  static final String HOOK_CLASS = "io.spillway.shuffle.cogroup.hook.CoGroupHook";
  /** Every class the agent jar must hold: the agent's and the hook (which the agent puts in the bootstrap loader). */
  static final List<String> AGENT_JAR_CLASSES = List.of(
      AGENT_PACKAGE + "CoGroupAgent.class",
      AGENT_PACKAGE + "CoGroupComputeTransformer.class",
      AGENT_PACKAGE + "CoGroupComputeTransformer$RewritingVisitor.class",
      AGENT_PACKAGE + "CoGroupComputeTransformer$HookFirst.class",
      AGENT_PACKAGE + "Attacher.class",
      "io/spillway/shuffle/cogroup/hook/CoGroupHook.class");

  /** Set by the agent: {@code installed} or {@code failed: ...} (the agent's {@code INSTALLED_PROPERTY}). */
  static final String AGENT_PROPERTY = "spillway.cogroup.agent";
  /** Set by the agent's transformer: {@code rewritten}, {@code method not found} or {@code failed: ...}. */
  static final String REWRITE_PROPERTY = "spillway.cogroup.rewrite";

  private static final long ATTACH_TIMEOUT_SECONDS = 60;

  private CoGroupAgentInstaller() {}

  /**
   * Installs the cogroup handler in this JVM if it can, once; says why not in one WARN otherwise.
   *
   * @return whether {@code CoGroupedRDD.compute} now asks Spillway first (or will, once Spark loads the class)
   */
  public static synchronized boolean install(String sparkVersion) {
    if (RECOGNISED_LINES.stream().noneMatch(sparkVersion::startsWith)) {
      LOG.warn("Spillway's cogroup is off: Spark {} is not one of the lines it was built for ({}); "
          + "RDD joins and cogroups run Spark's own code", sparkVersion, RECOGNISED_LINES);
      return false;
    }
    if (System.getProperty(AGENT_PROPERTY) == null) {
      attachAgent();
    }
    String agent = System.getProperty(AGENT_PROPERTY);
    if (!"installed".equals(agent)) {
      LOG.warn("Spillway's cogroup is off: its agent could not be loaded ({}); RDD joins and cogroups run Spark's own "
          + "code. It needs a JDK (module jdk.attach) and a JVM that accepts attach (or -javaagent:<spillway jar>)",
          agent == null ? "no outcome" : agent);
      return false;
    }
    String rewrite = System.getProperty(REWRITE_PROPERTY);
    if (rewrite != null && !"rewritten".equals(rewrite)) {
      LOG.warn("Spillway's cogroup is off: CoGroupedRDD could not be rewritten ({}); Spark's code runs", rewrite);
      return false;
    }
    Function<Object[], Object> handler = args -> SpillwayCoGroup.compute(args[0], args[1],
        (org.apache.spark.TaskContext) args[2]);
    if (!setHandler(handler)) {
      return false;
    }
    LOG.info("Spillway's cogroup is on: CoGroupedRDD.compute asks Spillway first (agent {}, class {})", agent,
        rewrite == null ? "not loaded yet" : rewrite);
    return true;
  }

  /**
   * Sets the hook's handler: {@code {rdd, partition, taskContext}} to the partition's iterator, or null for
   * Spark's code. {@link #install} sets Spillway's; a test harness may set another once the agent is loaded.
   *
   * @return false (with one WARN) when the hook is not in the bootstrap class loader (no agent)
   */
  public static boolean setHandler(Function<Object[], Object> handler) {
    try {
      Class<?> hook = Class.forName(HOOK_CLASS, true, null); // the bootstrap copy Spark's classes call
      hook.getField("handler").set(null, handler);
      return true;
    } catch (ReflectiveOperationException | LinkageError e) {
      LOG.warn("Spillway's cogroup is off: its hook is not in the bootstrap class loader ({})", e.toString());
      return false;
    }
  }

  /** Loads the agent into this JVM through a child JVM; the outcome is in {@link #AGENT_PROPERTY}. */
  private static void attachAgent() {
    File jar = null;
    File output = null;
    try {
      jar = writeAgentJar();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      output = File.createTempFile("spillway-cogroup-attach-", ".log");
      // output to a file, not a pipe: the timeout below must hold even if the child hangs
      Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", jar.getPath(),
          ATTACHER_CLASS, Long.toString(ProcessHandle.current().pid()), jar.getPath())
          .redirectErrorStream(true).redirectOutput(output).start();
      child.getOutputStream().close();
      if (!child.waitFor(ATTACH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        child.destroyForcibly();
        System.setProperty(AGENT_PROPERTY, "failed: the attaching JVM did not finish in " + ATTACH_TIMEOUT_SECONDS + " s");
      } else if (child.exitValue() != 0 && System.getProperty(AGENT_PROPERTY) == null) {
        System.setProperty(AGENT_PROPERTY, "failed: the attaching JVM exited with " + child.exitValue() + ": "
            + new String(Files.readAllBytes(output.toPath()), StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      System.setProperty(AGENT_PROPERTY, "failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.setProperty(AGENT_PROPERTY, "failed: interrupted while attaching");
    } finally {
      if (jar != null) {
        jar.deleteOnExit(); // the JVM keeps it open on its class path: it can go only when the JVM does
      }
      if (output != null) {
        output.delete();
      }
    }
  }

  /** The agent jar: its manifest names the agent for attach and for {@code -javaagent}; classes from this jar. */
  static File writeAgentJar() throws IOException {
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Agent-Class", AGENT_CLASS);
    main.putValue("Premain-Class", AGENT_CLASS);
    main.putValue("Can-Retransform-Classes", "true");
    File jar = File.createTempFile("spillway-cogroup-agent-", ".jar");
    try (OutputStream out = Files.newOutputStream(jar.toPath()); JarOutputStream jos = new JarOutputStream(out, manifest)) {
      for (String entry : AGENT_JAR_CLASSES) {
        try (InputStream in = CoGroupAgentInstaller.class.getClassLoader().getResourceAsStream(entry)) {
          if (in == null) {
            throw new IOException(entry + " is missing from Spillway's jar");
          }
          jos.putNextEntry(new JarEntry(entry));
          in.transferTo(jos);
          jos.closeEntry();
        }
      }
    }
    return jar;
  }
}

package io.spillway.it.sparksuites;

import io.spillway.shuffle.cogroup.CoGroupAgentInstaller;
import io.spillway.shuffle.cogroup.agent.CoGroupAgent;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

/**
 * Loaded with {@code -javaagent} into the executor JVMs that Spark's suites start (local-cluster), whose confs
 * the suites build themselves, so neither a shuffle manager nor a plugin of ours reaches them: loads Spillway's
 * cogroup agent at JVM start and sets the counting handler, tallying into the folder given as the agent's argument.
 * An executor whose agent did not load stops at start, so the suite fails rather than quietly running Spark's code.
 */
public final class ExecutorCoGroupAgent {

  static final String ROLE = "executor";

  private ExecutorCoGroupAgent() {}

  public static void premain(String tallyFolder, Instrumentation inst) {
    CoGroupAgent.premain(null, inst);
    String agent = System.getProperty(CoGroupAgent.INSTALLED_PROPERTY);
    if (!"installed".equals(agent) || !CoGroupAgentInstaller.setHandler(
        new CountingCoGroupHandler(CountingCoGroupHandler.tallyFile(Path.of(tallyFolder), ROLE)))) {
      throw new IllegalStateException("Spillway's cogroup agent did not load: " + agent);
    }
  }
}

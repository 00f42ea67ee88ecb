package io.spillway.shuffle.cogroup.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * The Java agent that lets Spillway run {@code CoGroupedRDD}'s partitions: it puts
 * {@link io.spillway.shuffle.cogroup.hook.CoGroupHook} in the bootstrap class loader and registers a
 * {@link CoGroupComputeTransformer}, retransforming {@code CoGroupedRDD} if it is already loaded.
 *
 * <p>Loaded either at JVM start ({@code -javaagent:spillway-spark.jar}, {@link #premain}) or into a running
 * executor by the shuffle manager ({@link #agentmain}, through {@link Attacher}). It references no Spillway
 * class outside this package and the hook, because when attached it is defined by the system class loader from
 * a small jar of its own, while the rest of Spillway may live in a child loader ({@code --jars}).
 *
 * <p>Its outcome is left in system properties, which any class loader can read: {@link #INSTALLED_PROPERTY}
 * ({@code installed} or {@code failed: <error>}) and {@link CoGroupComputeTransformer#OUTCOME_PROPERTY}.
 */
public final class CoGroupAgent {

  /** System property: {@code installed}, or {@code failed: <error>}. */
  public static final String INSTALLED_PROPERTY = "spillway.cogroup.agent";

  static final String HOOK_CLASS_FILE = CoGroupComputeTransformer.HOOK + ".class";

  private CoGroupAgent() {}

  public static void premain(String args, Instrumentation inst) {
    install(inst);
  }

  public static void agentmain(String args, Instrumentation inst) {
    install(inst);
  }

  static synchronized void install(Instrumentation inst) {
    if (System.getProperty(INSTALLED_PROPERTY) != null) {
      return; // once per JVM, whichever way it came
    }
    try {
      inst.appendToBootstrapClassLoaderSearch(new JarFile(hookJar()));
      inst.addTransformer(new CoGroupComputeTransformer(), true);
      for (Class<?> c : inst.getAllLoadedClasses()) {
        if (c.getName().equals(CoGroupComputeTransformer.TARGET.replace('/', '.'))) {
          inst.retransformClasses(c);
        }
      }
      System.setProperty(INSTALLED_PROPERTY, "installed");
    } catch (Exception | LinkageError t) { // the shuffle manager reads the outcome; a VirtualMachineError propagates
      System.setProperty(INSTALLED_PROPERTY, "failed: " + t);
    }
  }

  /** A temporary jar holding only the hook class, for the bootstrap class loader. */
  private static File hookJar() throws IOException {
    File jar = File.createTempFile("spillway-cogroup-hook-", ".jar");
    jar.deleteOnExit();
    try (InputStream in = CoGroupAgent.class.getClassLoader().getResourceAsStream(HOOK_CLASS_FILE);
        OutputStream out = Files.newOutputStream(jar.toPath());
        JarOutputStream jos = new JarOutputStream(out)) {
      if (in == null) {
        throw new IOException(HOOK_CLASS_FILE + " is not on the agent's class path");
      }
      jos.putNextEntry(new JarEntry(HOOK_CLASS_FILE));
      in.transferTo(jos);
      jos.closeEntry();
    }
    return jar;
  }
}

package io.spillway.it.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;

/**
 * Where a local cluster of real executor JVMs comes from, and the JVM options every Spark JVM here needs.
 *
 * <p>Why it exists: {@code local-cluster[N,cores,memMiB]} starts a master and N workers inside the driver
 * JVM, and each worker launches executors as separate JVMs from {@code $SPARK_HOME/jars}. The build
 * assembles such a SPARK_HOME from the Maven classpath ({@code integration-tests/target/spark-home}); the
 * launching process must export {@code SPARK_HOME} and {@code SPARK_SCALA_VERSION=2.13} (the worker reads
 * them from the environment, not from the conf). An OOM in {@code local[*]} would take the driver down,
 * which is why every OOM case runs with real executors.
 */
public final class ClusterEnvironment {

  /** Spark 4.1's {@code JavaModuleOptions} plus what Chronicle Map needs on Java 17. */
  public static final List<String> JVM_MODULE_OPTIONS = List.of(
      "-XX:+IgnoreUnrecognizedVMOptions",
      "--add-modules=jdk.incubator.vector",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false",
      "-Dio.netty.tryReflectionSetAccessible=true",
      "-Dio.netty.allocator.type=pooled",
      "-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE",
      "--enable-native-access=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
      "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
      "-Dchronicle.analytics.disable=true");

  /** Spillway's fully-qualified shuffle manager class name, as it goes into {@code spark.shuffle.manager}. */
  public static final String SHUFFLE_MANAGER = "io.spillway.shuffle.SpillwayShuffleManager";

  /** Spillway's plugin class name, as it goes into {@code spark.plugins}. */
  public static final String PLUGIN = "io.spillway.runtime.SpillwayPlugin";

  private final Path sparkHome;
  private final Optional<Path> dropInJar;

  private ClusterEnvironment(Path sparkHome, Optional<Path> dropInJar) {
    this.sparkHome = sparkHome;
    this.dropInJar = dropInJar;
  }

  /**
   * Reads {@code spillway.sparkHome} / {@code SPARK_HOME} and {@code spillway.dropInJar}, failing with a
   * message that says how to get them when the SPARK_HOME is not a usable one.
   */
  public static ClusterEnvironment detect() {
    String home = firstNonEmpty(System.getProperty("spillway.sparkHome"), System.getenv("SPARK_HOME"));
    if (home == null) {
      throw new IllegalStateException("No SPARK_HOME: set the SPARK_HOME environment variable (and SPARK_SCALA_VERSION=2.13) "
          + "to integration-tests/target/spark-home, which `mvn -DskipTests package` assembles");
    }
    Path sparkHome = Path.of(home).toAbsolutePath();
    if (!Files.isDirectory(sparkHome.resolve("jars"))) {
      throw new IllegalStateException("SPARK_HOME=" + sparkHome + " has no jars/ folder; run `mvn -DskipTests package` first");
    }
    Optional<Path> jar = Optional.ofNullable(System.getProperty("spillway.dropInJar"))
        .map(Path::of).map(Path::toAbsolutePath).filter(Files::isRegularFile);
    return new ClusterEnvironment(sparkHome, jar);
  }

  public Path sparkHome() {
    return sparkHome;
  }

  /**
   * Executor id to the text of its stderr, for the local-cluster application {@code applicationId}: what the
   * standalone worker keeps under {@code <sparkHome>/work/<appId>/<executor>/stderr}.
   */
  public Map<String, String> executorLogs(String applicationId) throws java.io.IOException {
    Map<String, String> logs = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> execs = Files.list(sparkHome().resolve("work").resolve(applicationId))) {
      for (Path exec : (Iterable<Path>) execs::iterator) {
        Path stderr = exec.resolve("stderr");
        if (Files.isRegularFile(stderr)) {
          logs.put(exec.getFileName().toString(), Files.readString(stderr));
        }
      }
    }
    return logs;
  }

  /** The drop-in jar, when the build has produced it. */
  public Optional<Path> dropInJar() {
    return dropInJar;
  }

  /** The environment a child JVM that starts a local cluster must have. */
  public Map<String, String> childEnvironment() {
    return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13");
  }

  /**
   * A conf for {@code local-cluster[executors,cores,executorMemoryMiB]} whose executors get the module
   * options; with {@code spillway} the shuffle manager and plugin are switched on and the drop-in jar is
   * put on the executors' class path. {@code userClassPath} holds the job's own classes (a folder or
   * jar each), which executors need to deserialize its closures; on one machine a class path entry is
   * simpler and faster than shipping them with {@code spark.jars}.
   */
  public SparkConf localClusterConf(int executors, int coresPerExecutor, int executorMemoryMiB, boolean spillway,
      List<Path> userClassPath) {
    List<String> classPath = new ArrayList<>();
    userClassPath.forEach(p -> classPath.add(p.toAbsolutePath().toString()));
    String opts = String.join(" ", JVM_MODULE_OPTIONS);
    SparkConf conf = new SparkConf()
        .setMaster("local-cluster[" + executors + "," + coresPerExecutor + "," + executorMemoryMiB + "]")
        .set("spark.executor.memory", executorMemoryMiB + "m")
        // as YARN and Kubernetes deployments do; standalone executors otherwise see only the JVM's processors
        .set("spark.executor.cores", Integer.toString(coresPerExecutor))
        .set("spark.executor.extraJavaOptions", opts)
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1");
    if (spillway) {
      Path jar = dropInJar.orElseThrow(() -> new IllegalStateException(
          "the drop-in jar is missing: run `mvn -DskipTests package` (system property spillway.dropInJar)"));
      conf.set("spark.shuffle.manager", SHUFFLE_MANAGER)
          .set("spark.plugins", PLUGIN);
      classPath.add(0, jar.toString());
    }
    if (!classPath.isEmpty()) {
      conf.set("spark.executor.extraClassPath", String.join(File.pathSeparator, classPath));
    }
    return conf;
  }

  /** True when the current process has what {@link #localClusterConf} needs from its environment. */
  public static boolean environmentReady() {
    return System.getenv("SPARK_HOME") != null && "2.13".equals(System.getenv("SPARK_SCALA_VERSION"));
  }

  private static String firstNonEmpty(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }

  /** The class path entries (folder or jar) that hold {@code type}: what executors need to run a job's closures. */
  public static Path classPathOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot locate the class path entry of " + type.getName(), e);
    }
  }
}

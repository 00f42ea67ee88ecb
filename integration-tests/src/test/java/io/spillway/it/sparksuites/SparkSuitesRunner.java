package io.spillway.it.sparksuites;

import io.spillway.shuffle.cogroup.CoGroupAgentInstaller;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Runs Spark's own test suites (from spark-core's tests jar) with every RDD cogroup and join computed by Spillway's
 * cogroup, in this JVM and in the executor JVMs the suites start, and fails unless they all pass.
 *
 * <p>The suites build their own {@code SparkConf}s and set their own shuffle manager, so no conf of ours reaches
 * them. The mechanism is switched on below the conf instead: in this (driver) JVM by
 * {@link CoGroupAgentInstaller#install} and a handler; in local-cluster executors by {@link ExecutorCoGroupAgent},
 * given with {@code -javaagent} through the {@code conf/java-opts} file of a SPARK_HOME made for this run (Spark's
 * launcher adds that file's options to every JVM a worker starts). The handler spills every group of more than a
 * few values ({@link CountingCoGroupHandler}), so the suites check the disk-backed path, whatever shuffle manager
 * they use.
 *
 * <p>It exits 0 only when ScalaTest ran at least one test, none failed, no suite aborted, {@code CoGroupedRDD} was
 * rewritten here, and Spillway computed at least one cogroup partition. The counts go to {@code summary.properties}
 * in the work folder.
 *
 * <p>Usage: {@code SparkSuitesRunner --spark-home <dir with jars/> --work <dir> [--test <name part>]... [suite class ...]};
 * the module options
 * of {@code ClusterEnvironment.JVM_MODULE_OPTIONS} must be on this JVM's command line.
 */
public final class SparkSuitesRunner {

  /** The suites of spark-core's tests that cover shuffles, cogroups and joins of plain RDDs. */
  static final List<String> DEFAULT_SUITES = List.of(
      "org.apache.spark.SortShuffleSuite",
      "org.apache.spark.rdd.PairRDDFunctionsSuite",
      "org.apache.spark.rdd.RDDSuite",
      "org.apache.spark.PartitioningSuite");

  static final String DRIVER_ROLE = "driver";
  static final String SUMMARY_FILE = "summary.properties";

  private SparkSuitesRunner() {}

  public static void main(String[] args) throws Exception {
    Path sparkHome = null;
    Path work = null;
    List<String> suites = new ArrayList<>();
    List<String> testNames = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--spark-home" -> sparkHome = Path.of(args[++i]).toAbsolutePath();
        case "--work" -> work = Path.of(args[++i]).toAbsolutePath();
        case "--test" -> testNames.add(args[++i]);
        default -> suites.add(args[i]);
      }
    }
    if (sparkHome == null || work == null || !Files.isDirectory(sparkHome.resolve("jars"))) {
      System.err.println("usage: SparkSuitesRunner --spark-home <a SPARK_HOME with jars/, e.g. "
          + "integration-tests/target/spark-home> --work <folder> [--test <part of a test's name>]... [suite class ...]");
      System.exit(2);
    }
    System.exit(run(sparkHome, work, suites.isEmpty() ? DEFAULT_SUITES : suites, testNames) ? 0 : 1);
  }

  /**
   * @param testNames when not empty, only the tests whose names contain one of these run (ScalaTest's {@code -z})
   */
  static boolean run(Path sparkHome, Path work, List<String> suites, List<String> testNames) throws IOException {
    Path tallies = work.resolve("tallies");
    deleteRecursively(work);
    Files.createDirectories(tallies);
    Path suitesHome = prepareSparkHome(sparkHome, work, tallies);
    // SparkFunSuite sets spark.testing, under which a worker takes its SPARK_HOME from this property
    System.setProperty("spark.test.home", suitesHome.toString());
    // and executors get this JVM's class path, which they read from their own working folders
    System.setProperty("java.class.path", absoluteClassPath(System.getProperty("java.class.path")));

    if (!CoGroupAgentInstaller.install(org.apache.spark.package$.MODULE$.SPARK_VERSION())
        || !CoGroupAgentInstaller.setHandler(
            new CountingCoGroupHandler(CountingCoGroupHandler.tallyFile(tallies, DRIVER_ROLE)))) {
      System.err.println("Spillway's cogroup agent could not be installed: " + System.getProperty("spillway.cogroup.agent"));
      return false;
    }

    List<String> scalaTestArgs = new ArrayList<>(List.of("-oWD", "-C", SuiteTally.class.getName()));
    for (String suite : suites) {
      scalaTestArgs.add("-s");
      scalaTestArgs.add(suite);
      for (String name : testNames) {
        scalaTestArgs.add("-z");
        scalaTestArgs.add(name);
      }
    }
    long started = System.nanoTime();
    boolean scalaTestSuccess = org.scalatest.tools.Runner.run(scalaTestArgs.toArray(String[]::new));
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;

    String rewrite = System.getProperty("spillway.cogroup.rewrite");
    long onDriver = CountingCoGroupHandler.computed(tallies, DRIVER_ROLE);
    long onExecutors = CountingCoGroupHandler.computed(tallies, ExecutorCoGroupAgent.ROLE);
    Properties summary = new Properties();
    summary.setProperty("suites", String.join(",", suites));
    summary.setProperty("succeeded", Integer.toString(SuiteTally.SUCCEEDED.get()));
    summary.setProperty("failed", Integer.toString(SuiteTally.FAILED.get()));
    summary.setProperty("ignored", Integer.toString(SuiteTally.IGNORED.get()));
    summary.setProperty("canceled", Integer.toString(SuiteTally.CANCELED.get()));
    summary.setProperty("aborted", Integer.toString(SuiteTally.ABORTED.get()));
    summary.setProperty("rewrite", String.valueOf(rewrite));
    summary.setProperty("cogroupPartitions.driver", Long.toString(onDriver));
    summary.setProperty("cogroupPartitions.executors", Long.toString(onExecutors));
    summary.setProperty("seconds", Long.toString(seconds));
    try (OutputStream out = Files.newOutputStream(work.resolve(SUMMARY_FILE))) {
      summary.store(out, "Spark's own suites with Spillway's cogroup");
    }

    List<String> problems = new ArrayList<>(SuiteTally.PROBLEMS);
    if (!scalaTestSuccess) {
      problems.add("ScalaTest reported the run as unsuccessful");
    }
    if (SuiteTally.SUCCEEDED.get() == 0) {
      problems.add("no test ran");
    }
    if (!"rewritten".equals(rewrite)) {
      problems.add("CoGroupedRDD was not rewritten in the driver JVM: " + rewrite);
    }
    if (onDriver + onExecutors == 0) {
      problems.add("Spillway computed no cogroup partition: the suites ran Spark's own code");
    }
    System.out.printf("%nSpark's suites with Spillway's cogroup: %d succeeded, %d failed, %d ignored, %d canceled, "
        + "%d suites aborted in %d s; cogroup partitions computed by Spillway: %d in the driver, %d in executors%n",
        SuiteTally.SUCCEEDED.get(), SuiteTally.FAILED.get(), SuiteTally.IGNORED.get(), SuiteTally.CANCELED.get(),
        SuiteTally.ABORTED.get(), seconds, onDriver, onExecutors);
    problems.forEach(p -> System.out.println("  " + p));
    return problems.stream().noneMatch(p -> !p.startsWith("CANCELED"));
  }

  /**
   * A SPARK_HOME for this run: Spark's jars (linked), a {@code conf/java-opts} that loads the executor agent, and the
   * folder from which Spark's launcher infers the Scala version when {@code SPARK_SCALA_VERSION} is not set.
   */
  private static Path prepareSparkHome(Path sparkHome, Path work, Path tallies) throws IOException {
    Path home = work.resolve("spark-home");
    Files.createDirectories(home.resolve("conf"));
    Files.createDirectories(home.resolve("launcher/target/scala-2.13"));
    Files.createSymbolicLink(home.resolve("jars"), sparkHome.resolve("jars"));
    Path agentJar = work.resolve("executor-agent.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    // the class itself is on the executors' class path: under spark.testing they get this JVM's
    manifest.getMainAttributes().putValue("Premain-Class", ExecutorCoGroupAgent.class.getName());
    manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true"); // Spillway's agent adds such a transformer
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(agentJar), manifest)) {
      // a manifest is all it holds
    }
    Files.writeString(home.resolve("conf/java-opts"), "-javaagent:" + agentJar + "=" + tallies + "\n");
    return home;
  }

  static String absoluteClassPath(String classPath) {
    List<String> entries = new ArrayList<>();
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry).toAbsolutePath().toString());
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var paths = Files.walk(folder)) { // walk does not follow the jars link
      for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}

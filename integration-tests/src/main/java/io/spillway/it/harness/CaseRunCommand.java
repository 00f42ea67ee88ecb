package io.spillway.it.harness;

import io.spillway.it.cases.Cases;
import io.spillway.it.cluster.ClusterEnvironment;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of one driver JVM: {@code java <module options> -Xmx2g -Dspillway.dropInJar=…
 * -cp <this JVM's class path> CaseRunner --case … --mode …}. Both sides get the same command except
 * for {@code --mode} and, on the Spillway side, the drop-in jar in front of the class path, so any
 * difference in the table comes from Spillway. A case that calls Spillway's API
 * ({@link io.spillway.it.cases.OomCase#usesSpillwayApi()}) gets the jar on both sides.
 */
final class CaseRunCommand {

  /** The driver's heap: large enough that the driver is never the part that runs out. */
  static final String DRIVER_HEAP = "-Xmx2g";

  private CaseRunCommand() {}

  /**
   * @param spillwaySettings the Spillway side's settings from {@code conf/spark-defaults.conf}
   *     ({@link SpillwayDefaults#caseRunSettings}), before the harness's own {@code --conf}s so those win
   */
  static List<String> build(AbOptions o, String caseId, String mode, RunFolder run, List<String> spillwaySettings) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ClusterEnvironment.JVM_MODULE_OPTIONS);
    cmd.add(DRIVER_HEAP);
    cmd.add("-Dspillway.dropInJar=" + o.dropInJar());
    cmd.add("-cp");
    // The driver loads the plugin's driver half and the shuffle manager itself, so the Spillway side
    // needs the drop-in jar on the driver's class path too; the stock side must not see it, unless the case
    // calls Spillway's API (S2S): then stock gets the jar as a library, with nothing switched on.
    String cp = System.getProperty("java.class.path");
    boolean jar = mode.equals("spillway") || usesSpillwayApi(o, caseId);
    cmd.add(jar ? o.dropInJar() + File.pathSeparator + cp : cp);
    cmd.add(o.runnerMain());
    cmd.addAll(List.of("--case", caseId, "--mode", mode,
        "--executors", Integer.toString(o.executors()), "--cores", Integer.toString(o.cores()),
        "--executor-memory", o.executorMemoryMiB() + "m", "--scale", String.format(Locale.ROOT, "%s", o.scale()),
        "--event-log-dir", run.eventLogDir().toString(), "--result-file", run.resultFile().toString()));
    List<String> conf = new ArrayList<>(mode.equals("spillway") ? spillwaySettings : List.of());
    conf.addAll(o.harnessConf());
    for (String kv : conf) {
      cmd.add("--conf");
      cmd.add(kv);
    }
    return cmd;
  }

  /** Whether {@code caseId} is a registered case of this harness's own runner that calls Spillway's API. */
  static boolean usesSpillwayApi(AbOptions o, String caseId) {
    return o.runnerMain().equals(CaseRunner.class.getName())
        && Cases.registered().stream().anyMatch(c -> c.id().equalsIgnoreCase(caseId) && c.usesSpillwayApi());
  }
}

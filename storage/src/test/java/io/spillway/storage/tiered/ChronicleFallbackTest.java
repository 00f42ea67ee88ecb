package io.spillway.storage.tiered;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fallback path, in forked JVMs (surefire's own JVM has Chronicle Map's options, and a JVM that once
 * failed to load Chronicle's compiler stays broken): one WARN names what is missing, {@link TieredStores#open}
 * returns empty every time, nothing throws and no file is left.
 */
class ChronicleFallbackTest {

  private static final long FORK_TIMEOUT_SECONDS = 60;

  private static String run(List<String> jvmOptions) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    cmd.addAll(jvmOptions);
    cmd.add("-Dchronicle.analytics.disable=true");
    cmd.add("-Dlog4j2.level=WARN"); // log4j's default configuration: console, WARN and above
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(FallbackProbeMain.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(FORK_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("fork finished").isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("fork exit code; output:%n%s", text).isZero();
    return text;
  }

  private static long warnings(String output) {
    return output.lines().filter(l -> l.contains("off-heap tiered store is unavailable")).count();
  }

  @Test
  void open_jvmWithoutChronicleOptions_warnsOnceNamingThemAndFallsBack() throws Exception {
    String out = run(List.of());

    assertThat(warnings(out)).as("one WARN per JVM; output:%n%s", out).isEqualTo(1);
    assertThat(out).contains("WARN")
        .contains("--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED")
        .contains("--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED")
        .contains("--add-opens=java.base/java.lang=ALL-UNNAMED")
        .contains("Falling back to plain spill files")
        .contains("open1=empty", "open2=empty", "filesLeft=0", "done=true");
  }

  @Test
  void open_jvmWithoutACompiler_warnsOnceThatItNeedsAJdkAndFallsBack() throws Exception {
    // a JRE, simulated: the options are all there but the jdk.compiler module is left out of the boot layer
    String out = run(List.of("--limit-modules", "java.se,jdk.unsupported",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED"));

    assertThat(warnings(out)).as("one WARN per JVM; output:%n%s", out).isEqualTo(1);
    assertThat(out).contains("no Java compiler").contains("jdk.compiler")
        .contains("open1=empty", "open2=empty", "filesLeft=0", "done=true");
  }
}

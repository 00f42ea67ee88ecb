package io.spillway.storage.tiered;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Chronicle Map works in this JVM, decided once per JVM.
 *
 * <p>Why a probe: Chronicle Map generates and compiles Java code the first time a map is built. That
 * needs the {@code jdk.compiler} module (a JDK, not a JRE) and module options that open the compiler and
 * {@code java.lang} to unnamed modules. Without them the failure is an {@code ExceptionInInitializerError}
 * in Chronicle's compiler class, which breaks that class for the rest of the JVM's life. So the probe first
 * checks the options through the module API (never touching Chronicle when one is missing), then builds
 * and closes one tiny map in a temporary file. A failure is logged once as a WARN naming what is missing;
 * callers then fall back (see {@link TieredStores#open}).
 */
public final class ChronicleAvailability {

  private static final Logger LOG = LoggerFactory.getLogger(ChronicleAvailability.class);

  /** The JVM options Chronicle Map needs, as written in {@code conf/spark-defaults.conf}. */
  static final List<String> REQUIRED_OPTIONS = List.of(
      "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
      "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED");

  /** The probe's answer for this JVM, computed on first use. */
  private static volatile Optional<String> unavailableReason;

  private ChronicleAvailability() {}

  /** Whether Chronicle Map can be used in this JVM; the first call runs the probe (a few seconds: it compiles). */
  public static boolean isAvailable() {
    return unavailableReason().isEmpty();
  }

  /** Why Chronicle Map cannot be used here, or empty when it can; a probe file goes to the temp dir. */
  public static Optional<String> unavailableReason() {
    return unavailableReason(ChronicleAvailability::tempFile);
  }

  /**
   * Like {@link #unavailableReason()}, the probe's map persisted to {@code probeFile} (a new, not yet
   * existing file): tasks pass one from Spark's local dirs, so even a crash mid-probe leaves nothing elsewhere.
   */
  static Optional<String> unavailableReason(Supplier<File> probeFile) {
    Optional<String> r = unavailableReason;
    if (r == null) {
      synchronized (ChronicleAvailability.class) {
        r = unavailableReason;
        if (r == null) {
          r = probe(probeFile);
          r.ifPresent(why -> LOG.warn("Spillway's off-heap tiered store is unavailable in this JVM: {}. Falling back to "
              + "plain spill files (Spark's ExternalAppendOnlyMap path); jobs are not affected otherwise. "
              + "See conf/README.md for the executor JVM options.", why));
          unavailableReason = r;
        }
      }
    }
    return r;
  }

  private static File tempFile() {
    try {
      File f = Files.createTempFile("spillway-chronicle-probe", ".map").toFile();
      Files.delete(f.toPath());
      return f;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Sets {@code chronicle.analytics.disable} (Chronicle's usage analytics) and {@code chronicle.announcer.disable}
   * (its start-up banner) to true unless the JVM already sets them; the executor options set the first one
   * too, this covers a JVM started without them. Called before any Chronicle class loads.
   */
  static void quietChronicle() {
    for (String key : List.of("chronicle.analytics.disable", "chronicle.announcer.disable")) {
      if (System.getProperty(key) == null) {
        System.setProperty(key, "true");
      }
    }
  }

  private static Optional<String> probe(Supplier<File> probeFile) {
    quietChronicle();
    Optional<String> missing = missingModuleSupport();
    if (missing.isPresent()) {
      return missing;
    }
    File file = null;
    try {
      file = probeFile.get();
      try (ChronicleMap<byte[], byte[]> map = ChronicleMapBuilder.of(byte[].class, byte[].class)
          .name("spillway-probe").entries(16).averageKeySize(8).averageValueSize(8).createPersistedTo(file)) {
        map.put(new byte[] {1}, new byte[] {2});
        if (map.get(new byte[] {1}) == null) {
          return Optional.of("a probe map lost the entry it was given");
        }
      }
      return Optional.empty();
    } catch (VirtualMachineError e) {
      throw e; // out of memory is not "Chronicle Map is unavailable"
    } catch (Throwable t) { // LinkageError too: Chronicle's code generation fails as an ExceptionInInitializerError
      return Optional.of("building a probe Chronicle Map failed: " + t);
    } finally {
      if (file != null && !file.delete() && file.exists()) {
        LOG.debug("could not delete the probe map file {}", file);
      }
    }
  }

  /**
   * What the JVM lacks for Chronicle Map's code generation, from the module graph alone: the compiler module
   * (missing in a JRE or under {@code --limit-modules}) and each required export or open.
   */
  static Optional<String> missingModuleSupport() {
    Module unnamed = ChronicleAvailability.class.getClassLoader().getUnnamedModule();
    Optional<Module> compiler = ModuleLayer.boot().findModule("jdk.compiler");
    if (compiler.isEmpty()) {
      return Optional.of("no Java compiler: the module jdk.compiler is absent (a JRE, or --limit-modules without it); "
          + "Chronicle Map compiles code at run time and needs a JDK");
    }
    List<String> missing = new ArrayList<>();
    if (!compiler.get().isExported("com.sun.tools.javac.file", unnamed)) {
      missing.add(REQUIRED_OPTIONS.get(0));
    }
    if (!compiler.get().isOpen("com.sun.tools.javac", unnamed)) {
      missing.add(REQUIRED_OPTIONS.get(1));
    }
    Optional<Module> unsupported = ModuleLayer.boot().findModule("jdk.unsupported");
    if (unsupported.isEmpty() || !unsupported.get().isExported("sun.misc", unnamed)) {
      missing.add(REQUIRED_OPTIONS.get(2));
    }
    if (!Object.class.getModule().isOpen("java.lang", unnamed)) {
      missing.add(REQUIRED_OPTIONS.get(3));
    }
    return missing.isEmpty() ? Optional.empty()
        : Optional.of("the JVM lacks the options " + String.join(" ", missing));
  }
}

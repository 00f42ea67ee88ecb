package io.spillway.it.sparksuites;

import io.spillway.shuffle.cogroup.SpillwayCoGroup;
import io.spillway.shuffle.group.GroupSpillThreshold;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;
import org.apache.spark.TaskContext;

/**
 * The cogroup hook's handler while Spark's own suites run: Spillway's cogroup with a one-byte group threshold, so
 * every group of more than a few values goes to disk whatever shuffle manager the suite chose, and a tally of the
 * partitions Spillway actually computed, so a run proves the mechanism was exercised.
 *
 * <p>The tally is a file per JVM that grows by one byte per computed partition: the suites' executors are separate
 * JVMs (local-cluster), and an append of one byte needs no coordination between them or between task threads.
 */
final class CountingCoGroupHandler implements Function<Object[], Object> {

  /** One byte a partition; the smallest threshold there is, so the spilled path is the one the suites test. */
  static final GroupSpillThreshold EVERY_GROUP_SPILLS = GroupSpillThreshold.fixed(1);

  private final Path tally;

  /** @param tally this JVM's tally file, created on the first computed partition */
  CountingCoGroupHandler(Path tally) {
    this.tally = tally;
  }

  @Override
  public Object apply(Object[] args) {
    Object iterator = SpillwayCoGroup.compute(args[0], args[1], (TaskContext) args[2], EVERY_GROUP_SPILLS);
    if (iterator != null) {
      try {
        Files.write(tally, new byte[] {1}, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot record a Spillway cogroup in " + tally, e);
      }
    }
    return iterator;
  }

  /** How many partitions Spillway computed, from all tally files in {@code folder} whose names start with {@code role}. */
  static long computed(Path folder, String role) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (var files = Files.list(folder)) {
      long sum = 0;
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().startsWith(role)) {
          sum += Files.size(f);
        }
      }
      return sum;
    }
  }

  /** This JVM's tally file in {@code folder}, named by role and process id. */
  static Path tallyFile(Path folder, String role) {
    return folder.resolve(role + "-" + ProcessHandle.current().pid() + ".tally");
  }
}

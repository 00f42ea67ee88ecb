package io.spillway.it.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit's two halves on real class files: the constant-pool reader finds what a seam class calls, and the
 * linkage check against this build's SPARK_HOME (Spark 4.1.3) tells a 4.1 signature from a 4.0 one.
 */
class SparkLinkageAuditTest {

  private static final String SPARK41_SHIMS = "io.spillway.shuffle.compat.Spark41Shims";
  private static final String SPARK40_MAP_STATUS = "io.spillway.shuffle.compat.spark40.MapStatusSpark40";

  private static List<SparkReference> referencesOf(String className) throws IOException {
    try (InputStream in = SparkLinkageAuditTest.class.getClassLoader()
        .getResourceAsStream(className.replace('.', '/') + ".class")) {
      return ClassFileReferences.read(in.readAllBytes());
    }
  }

  private static SparkLinkage build41() throws IOException {
    return new SparkLinkage("4.1.3", Path.of(System.getProperty("spillway.sparkHome")).resolve("jars"));
  }

  @Test
  void read_seamClass_findsItsSparkMethodsClassesAndSelf() throws IOException {
    List<SparkReference> refs = referencesOf(SPARK41_SHIMS);

    assertThat(refs).allMatch(r -> r.fromClass().equals(SPARK41_SHIMS)).allMatch(SparkReference::inSeam);
    assertThat(refs).extracting(SparkReference::member).contains(
        "org.apache.spark.scheduler.MapStatus.apply(Lorg/apache/spark/storage/BlockManagerId;[JJJ)Lorg/apache/spark/scheduler/MapStatus;",
        "org.apache.spark.shuffle.checksum.RowBasedChecksum");
    assertThat(refs).noneMatch(r -> r.owner().startsWith("java."));
  }

  @Test
  void problem_41Jars_41SignaturesLinkAnd40OnesDoNot() throws IOException {
    try (SparkLinkage linkage = build41()) {
      for (SparkReference r : referencesOf(SPARK41_SHIMS)) {
        assertThat(linkage.problem(r)).as(r.member()).isEmpty();
      }
      SparkReference threeArgApply = referencesOf(SPARK40_MAP_STATUS).stream()
          .filter(r -> r.name().equals("apply")).findFirst().orElseThrow();
      assertThat(linkage.problem(threeArgApply)).startsWith("no method apply(");
      assertThat(linkage.problem(new SparkReference("x.Y", SparkReference.Kind.CLASS, "org.apache.spark.NoSuchThing", "", "")))
          .isEqualTo("no class org.apache.spark.NoSuchThing");
    }
  }

  @Test
  void report_failingReferenceOutsideASeam_isAViolation() throws IOException {
    SparkReference outside = new SparkReference("io.spillway.shuffle.Reader", SparkReference.Kind.METHOD,
        "org.apache.spark.scheduler.MapStatus", "apply",
        "(Lorg/apache/spark/storage/BlockManagerId;[JJ)Lorg/apache/spark/scheduler/MapStatus;");
    SparkReference inside = new SparkReference("io.spillway.shuffle.compat.spark40.X", outside.kind(), outside.owner(),
        outside.name(), outside.descriptor());
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try (SparkLinkage linkage = build41(); PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
      assertThat(SparkLinkageAudit.report(List.of(inside), List.of(linkage), out)).isZero();
      assertThat(SparkLinkageAudit.report(List.of(outside, inside), List.of(linkage), out)).isEqualTo(1);
    }
    assertThat(text.toString(StandardCharsets.UTF_8)).contains("VIOLATION: 4.1.3: no method apply(");
  }
}

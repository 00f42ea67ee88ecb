package io.spillway.it.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.compat.SparkVersion;
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
 * linkage check against the SPARK_HOME the tests run with (4.0.4, 4.1.3 or 4.2.0 in CI) tells that line's
 * signatures from the other lines'.
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

  private static SparkLinkage runningLine() throws IOException {
    return new SparkLinkage(SparkVersion.running().text(), Path.of(System.getProperty("spillway.sparkHome")).resolve("jars"));
  }

  private static boolean runningIs41OrLater() {
    return SparkVersion.running().atLeast(4, 1);
  }

  /** {@code MapStatus.apply} with the other line's parameter list: it never links on the running line. */
  private static SparkReference otherLinesMapStatusApply(String fromClass) {
    String descriptor = runningIs41OrLater()
        ? "(Lorg/apache/spark/storage/BlockManagerId;[JJ)Lorg/apache/spark/scheduler/MapStatus;"
        : "(Lorg/apache/spark/storage/BlockManagerId;[JJJ)Lorg/apache/spark/scheduler/MapStatus;";
    return new SparkReference(fromClass, SparkReference.Kind.METHOD, "org.apache.spark.scheduler.MapStatus", "apply",
        descriptor);
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
  void problem_runningLinesJars_itsShimLinksTheOtherLinesDoesNot() throws IOException {
    String ownShim = runningIs41OrLater() ? SPARK41_SHIMS : SPARK40_MAP_STATUS;
    String otherShim = runningIs41OrLater() ? SPARK40_MAP_STATUS : SPARK41_SHIMS;
    try (SparkLinkage linkage = runningLine()) {
      for (SparkReference r : referencesOf(ownShim)) {
        assertThat(linkage.problem(r)).as(r.member()).isEmpty();
      }
      SparkReference otherApply = referencesOf(otherShim).stream()
          .filter(r -> r.name().equals("apply")).findFirst().orElseThrow();
      assertThat(linkage.problem(otherApply)).startsWith("no method apply(");
      assertThat(linkage.problem(new SparkReference("x.Y", SparkReference.Kind.CLASS, "org.apache.spark.NoSuchThing", "", "")))
          .isEqualTo("no class org.apache.spark.NoSuchThing");
    }
  }

  @Test
  void report_failingReferenceOutsideASeam_isAViolation() throws IOException {
    SparkReference outside = otherLinesMapStatusApply("io.spillway.shuffle.Reader");
    SparkReference inside = new SparkReference("io.spillway.shuffle.compat.spark40.X", outside.kind(), outside.owner(),
        outside.name(), outside.descriptor());
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try (SparkLinkage linkage = runningLine(); PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
      assertThat(SparkLinkageAudit.report(List.of(inside), List.of(linkage), out)).isZero();
      assertThat(SparkLinkageAudit.report(List.of(outside, inside), List.of(linkage), out)).isEqualTo(1);
    }
    assertThat(text.toString(StandardCharsets.UTF_8))
        .contains("VIOLATION: " + SparkVersion.running().text() + ": no method apply(");
  }

  private static SparkReference method(String from, String owner, String name, String descriptor) {
    return new SparkReference(from, SparkReference.Kind.METHOD, owner, name, descriptor);
  }

  @Test
  void scalaAccess_privateSparkMembersOfAnApiClass_areRestricted_publicOnesNot() throws IOException {
    try (SparkLinkage linkage = runningLine()) {
      ScalaAccess access = linkage.scalaAccess();

      assertThat(access.memberRestricted("org.apache.spark.executor.TaskMetrics", "incDiskBytesSpilled",
          List.of("scala.Long"))).isTrue();
      assertThat(access.memberRestricted("org.apache.spark.executor.TaskMetrics", "diskBytesSpilled", List.of()))
          .isFalse();
      // overloads differing in access: get(String) is API, get(ConfigEntry) is private[spark]
      assertThat(access.memberRestricted("org.apache.spark.SparkConf", "get", List.of("java.lang.String"))).isFalse();
      assertThat(access.memberRestricted("org.apache.spark.SparkConf", "get",
          List.of("org.apache.spark.internal.config.ConfigEntry"))).isTrue();
      assertThat(access.classRestricted("org.apache.spark.util.collection.CompactBuffer")).isTrue();
      assertThat(access.classRestricted("org.apache.spark.TaskContext")).isFalse();
    }
  }

  @Test
  void parameterTypes_descriptorInScalasNames() {
    SparkReference ref = method("x.Y", "o.O", "m", "(J[[ILjava/lang/String;Lscala/Option;Z)V");

    assertThat(SparkApiRule.parameterTypes(ref))
        .containsExactly("scala.Long", "scala.Array", "java.lang.String", "scala.Option", "scala.Boolean");
  }

  @Test
  void report_internalReferenceOutsideASeam_isAViolation_insideNot_apiNeither() throws IOException {
    SparkReference privateMember = method("io.spillway.shuffle.Reader", "org.apache.spark.executor.TaskMetrics",
        "incDiskBytesSpilled", "(J)V");
    SparkReference unmarkedClass = new SparkReference("io.spillway.shuffle.Reader", SparkReference.Kind.CLASS,
        "org.apache.spark.util.collection.CompactBuffer", "", "");
    SparkReference privateInSeam = method("io.spillway.shuffle.compat.X", "org.apache.spark.executor.TaskMetrics",
        "incDiskBytesSpilled", "(J)V");
    SparkReference api = method("io.spillway.shuffle.Reader", "org.apache.spark.TaskContext", "stageId", "()I");
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try (SparkLinkage linkage = runningLine(); PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
      assertThat(SparkLinkageAudit.report(List.of(privateInSeam, api), List.of(linkage), out)).isZero();
      assertThat(SparkLinkageAudit.report(List.of(privateMember, unmarkedClass, api), List.of(linkage), out))
          .isEqualTo(2);
    }
    assertThat(text.toString(StandardCharsets.UTF_8))
        .contains("VIOLATION: internal (member is private[spark])")
        .contains("VIOLATION: internal (class has no API marker)");
  }
}

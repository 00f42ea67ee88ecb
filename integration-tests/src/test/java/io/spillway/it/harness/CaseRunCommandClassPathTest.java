package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.it.cases.Cases;
import io.spillway.it.cases.OomCase;
import io.spillway.it.cluster.ClusterEnvironment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the drop-in jar goes: Spillway side always; stock side only for a case that calls Spillway's API. */
class CaseRunCommandClassPathTest {

  private static final Path ROOT = Path.of("/repo");

  private static String driverClassPath(String caseId, String mode) {
    AbOptions o = AbOptions.parse(new String[] {"--cases", caseId}, ROOT);
    List<String> cmd = CaseRunCommand.build(o, caseId, mode, new RunFolder(Path.of("/tmp/report"), caseId, mode),
        List.of());
    return cmd.get(cmd.indexOf("-cp") + 1);
  }

  @Test
  void build_seedCaseStock_hasNoDropInJar() {
    assertThat(driverClassPath("S2", "stock")).doesNotContain("spillway-spark_");
  }

  @Test
  void build_skewJoinCaseBothSides_startWithTheDropInJar() {
    assertThat(driverClassPath("S2S", "stock")).startsWith(ROOT.resolve(AbOptions.DROP_IN_JAR).toString());
    assertThat(driverClassPath("S2S", "spillway")).startsWith(ROOT.resolve(AbOptions.DROP_IN_JAR).toString());
  }

  @Test
  void executorClassPath_skewJoinCaseStock_addsWhereTheDriverLoadedTheApi() {
    OomCase s2s = Cases.byIds("S2S").get(0);
    Path api = ClusterEnvironment.classPathOf(io.spillway.skew.SkewJoin.class);

    assertThat(CaseRunner.executorClassPath(s2s, false)).contains(api).doesNotHaveDuplicates();
    assertThat(CaseRunner.executorClassPath(Cases.byIds("S2").get(0), false)).doesNotContain(api);
  }

  @Test
  void cases_skewJoinVariant_isNeitherSeedCaseNorBenchmark() {
    assertThat(Cases.all()).extracting(OomCase::id).doesNotContain("S2S");
    assertThat(Cases.benchmarks()).extracting(OomCase::id).doesNotContain("S2S");
    assertThat(Cases.registered()).extracting(OomCase::id).containsSubsequence("S2", "S2S", "S3");
  }
}

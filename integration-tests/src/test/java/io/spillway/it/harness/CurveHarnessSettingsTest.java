package io.spillway.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurveHarnessSettingsTest {

  private static final Path ROOT = Path.of("/repo");

  @Test
  void settings_listTheMemoriesTheBoundAndTheReserveTheHarnessSet() {
    CurveOptions o = CurveOptions.parse(new String[0], ROOT);

    Map<String, String> s = CurveHarness.settings(o, List.of("S1"));

    assertThat(s.get("executor memory")).isEqualTo("2g,1g,512m,384m,256m (one run per memory, largest first)");
    assertThat(s.get("bound")).contains("≤ 3×");
    assertThat(s.get(CurveHarness.RESERVED_MEMORY_SETTING))
        .startsWith("spark.testing.reservedMemory=134217728 (128.0 MiB) set by the harness")
        .contains("under 450.0 MiB");
  }

  @Test
  void settings_noReserveSet_haveNoReserveEntry() {
    CurveOptions o = CurveOptions.parse(new String[] {"--memories", "2g,512m"}, ROOT);

    assertThat(CurveHarness.settings(o, List.of("S1"))).doesNotContainKey(CurveHarness.RESERVED_MEMORY_SETTING);
  }

  @Test
  void nonDefault_marksTheSettingsThatVaryPerRun() {
    AbOptions largest = CurveOptions.parse(new String[0], ROOT).ab();

    List<String> lines = CurveHarness.nonDefault(List.of("spark.executor.memory=2048m",
        "spark.master=local-cluster[2,1,2048]", "spark.task.maxFailures=2"), largest);

    assertThat(lines).containsExactly("spark.executor.memory=2048m [shown for 2g; each run sets its own memory]",
        "spark.master=local-cluster[2,1,2048] [shown for 2g; each run sets its own memory]",
        "spark.task.maxFailures=2");
  }
}

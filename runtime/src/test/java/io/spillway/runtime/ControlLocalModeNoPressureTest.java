package io.spillway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.pressure.PressureLevel;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Control on but no pressure: the job of {@link ControlLocalModePressureTest} fits and does not spill. */
class ControlLocalModeNoPressureTest {

  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    ControlLocalMode.Recorder.reset();
    jsc = new JavaSparkContext(ControlLocalMode.conf(false));
  }

  @AfterAll
  static void stop() {
    jsc.stop();
  }

  @Test
  void groupByKey_withoutPressure_doesNotSpill() throws Exception {
    long spilled = ControlLocalMode.groupByKeySpilledBytes(jsc);

    // below HIGH no balloon is inflated (a busy machine may see ELEVATED from GC time alone)
    assertThat(SpillwayRuntime.pressureLevel()).isLessThan(PressureLevel.HIGH);
    assertThat(spilled).as("bytes spilled from memory without pressure").isZero();
  }
}

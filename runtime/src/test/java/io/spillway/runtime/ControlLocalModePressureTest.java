package io.spillway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.spillway.runtime.pressure.PressureLevel;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With pressure injected (every occupancy is CRITICAL), the same job spills: the balloon took half its budget. */
class ControlLocalModePressureTest {

  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    ControlLocalMode.Recorder.reset();
    jsc = new JavaSparkContext(ControlLocalMode.conf(true));
  }

  @AfterAll
  static void stop() {
    jsc.stop();
  }

  @Test
  void groupByKey_underInjectedPressure_spillsAndTheBalloonEventReachesTheDriver() throws Exception {
    System.gc(); // a collection with any old-gen data is a change to CRITICAL
    PressureActionEvent engaged = ControlLocalMode.Recorder.awaitBalloon();

    long spilled = ControlLocalMode.groupByKeySpilledBytes(jsc);

    assertThat(engaged.getLevel()).isEqualTo(PressureLevel.CRITICAL);
    assertThat(SpillwayRuntime.pressureLevel()).isEqualTo(PressureLevel.CRITICAL);
    assertThat(spilled).as("bytes spilled from memory with a balloon").isPositive();
  }
}

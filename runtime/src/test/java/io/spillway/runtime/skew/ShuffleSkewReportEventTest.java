package io.spillway.runtime.skew;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.util.JsonProtocol;
import org.junit.jupiter.api.Test;

/** The event survives Spark's own event-log JSON both ways, awkward key renderings included. */
class ShuffleSkewReportEventTest {

  @Test
  void jsonProtocol_roundTrip_keepsTheReport() {
    ShuffleSkewReport report = new ShuffleSkewReport(7, "cogroup/join", "join at X.scala:3", MapTaskKeySketch.RDD_KEYS,
        4, 4, 8, 1_000, 10_000, List.of(
            new ReportedKey("\"quote\" \\ and \u2026", 3, 500, 2, 0.5, 6_000, 0.6, 4.8, true),
            new ReportedKey("null", 0, 10, 0, 0.01, 10, 0.001, 0.008, false)),
        ShuffleOrigin.Kind.COGROUP.remedy());
    String json = JsonProtocol.sparkEventToJsonString(new ShuffleSkewReportEvent(report));

    assertThat(json).contains("\"Event\":\"io.spillway.runtime.skew.ShuffleSkewReportEvent\"");
    SparkListenerEvent back = JsonProtocol.sparkEventFromJson(json);
    assertThat(back).isEqualTo(new ShuffleSkewReportEvent(report));
  }
}

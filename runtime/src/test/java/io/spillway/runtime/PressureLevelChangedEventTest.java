package io.spillway.runtime;

import static io.spillway.runtime.pressure.PressureLevel.CRITICAL;
import static io.spillway.runtime.pressure.PressureLevel.HIGH;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.util.JsonProtocol;
import org.junit.jupiter.api.Test;

/** The event goes through the same JsonProtocol calls as EventLoggingListener and history replay. */
class PressureLevelChangedEventTest {

  private final PressureLevelChangedEvent event = new PressureLevelChangedEvent("5", HIGH, CRITICAL, 1_234L, 0.93, 0.41);

  @Test
  void sparkEventToJsonString_writesClassAsEventAndBeanFields() {
    String json = JsonProtocol.sparkEventToJsonString(event);

    assertThat(json).contains("\"Event\":\"io.spillway.runtime.PressureLevelChangedEvent\"")
        .contains("\"executorId\":\"5\"")
        .contains("\"fromLevel\":\"HIGH\"")
        .contains("\"toLevel\":\"CRITICAL\"")
        .contains("\"timestampMillis\":1234")
        .contains("\"oldGenOccupancyRatio\":0.93")
        .contains("\"gcTimeRatio\":0.41");
  }

  @Test
  void sparkEventFromJson_readsBackEqualEvent() {
    SparkListenerEvent back = JsonProtocol.sparkEventFromJson(JsonProtocol.sparkEventToJsonString(event));
    assertThat(back).isEqualTo(event);
  }

  @Test
  void pressureLevelChanged_javaSerializes() throws IOException, ClassNotFoundException {
    PressureLevelChanged m = new PressureLevelChanged("5", HIGH, CRITICAL, 1_234L, 0.93, 0.41);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(m);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(m);
    }
  }
}

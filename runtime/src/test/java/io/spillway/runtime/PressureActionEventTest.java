package io.spillway.runtime;

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

/** Through the same JsonProtocol calls as EventLoggingListener and history replay. */
class PressureActionEventTest {

  private final PressureActionTaken message =
      new PressureActionTaken("5", "storageDemotion", HIGH, true, "storage pool 64.0 MiB -> 32.0 MiB", 1_234L);
  private final PressureActionEvent event = PressureActionEvent.of(message);

  @Test
  void sparkEventToJsonString_writesClassAsEventAndBeanFields() {
    String json = JsonProtocol.sparkEventToJsonString(event);

    assertThat(json).contains("\"Event\":\"io.spillway.runtime.PressureActionEvent\"")
        .contains("\"executorId\":\"5\"")
        .contains("\"action\":\"storageDemotion\"")
        .contains("\"level\":\"HIGH\"")
        .contains("\"engaged\":true")
        .contains("\"detail\":\"storage pool 64.0 MiB -> 32.0 MiB\"")
        .contains("\"timestampMillis\":1234");
  }

  @Test
  void sparkEventFromJson_readsBackEqualEvent() {
    SparkListenerEvent back = JsonProtocol.sparkEventFromJson(JsonProtocol.sparkEventToJsonString(event));
    assertThat(back).isEqualTo(event);
  }

  @Test
  void pressureActionTaken_javaSerializes() throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(message);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(message);
    }
  }
}

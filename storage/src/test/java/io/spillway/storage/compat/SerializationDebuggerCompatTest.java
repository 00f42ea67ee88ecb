package io.spillway.storage.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.junit.jupiter.api.Test;

class SerializationDebuggerCompatTest {

  /** Not serializable: the culprit. */
  static final class Culprit {}

  /** Serializable, holding the culprit in a field. */
  static final class Holder implements Serializable {
    private static final long serialVersionUID = 1L;
    @SuppressWarnings("unused")
    private final Object field = new Culprit();
  }

  @Test
  void improveException_namesThePathToTheCulprit() throws IOException {
    Holder root = new Holder();
    NotSerializableException thrown = null;
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(root);
    } catch (NotSerializableException e) {
      thrown = e;
    }
    assertThat(thrown).isNotNull();

    NotSerializableException improved = SerializationDebuggerCompat.improveException(root, thrown);

    assertThat(improved.getMessage()).contains("Serialization stack").contains("field (class: ")
        .contains(Culprit.class.getName());
  }
}

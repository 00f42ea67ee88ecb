package io.spillway.storage.compat;

import java.io.NotSerializableException;
import org.apache.spark.serializer.SerializationDebugger$;

/**
 * Spark's {@code SerializationDebugger} ({@code private[spark]}, same on 4.0.4, 4.1.3 and 4.2.0), so a
 * {@code NotSerializableException} from Spillway's Java serializer names the path to the culprit exactly as
 * Spark's {@code JavaSerializer} does.
 */
public final class SerializationDebuggerCompat {

  private SerializationDebuggerCompat() {}

  /** {@code e} with the serialization path from {@code root} to the object that is not serializable. */
  public static NotSerializableException improveException(Object root, NotSerializableException e) {
    return SerializationDebugger$.MODULE$.improveException(root, e);
  }
}

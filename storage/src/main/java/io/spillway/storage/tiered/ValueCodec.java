package io.spillway.storage.tiered;

import java.nio.ByteBuffer;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/** Values to bytes and back with the task's Spark serializer (Kryo when configured): never a second Kryo. */
final class ValueCodec<V> {

  private static final ClassTag<Object> ANY = ClassTag$.MODULE$.Any();

  private final SerializerInstance serializer;

  ValueCodec(SerializerInstance serializer) {
    this.serializer = serializer;
  }

  byte[] encode(V value) {
    ByteBuffer buf = serializer.serialize(value, ANY);
    byte[] out = new byte[buf.remaining()];
    buf.get(out);
    return out;
  }

  @SuppressWarnings("unchecked")
  V decode(byte[] bytes) {
    return (V) serializer.deserialize(ByteBuffer.wrap(bytes), ANY);
  }
}

package io.spillway.storage.serializer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

class BoundedJavaSerializerTest {

  private static final SparkConf CONF = new SparkConf(false);

  private static byte[] write(SerializerInstance ser, List<?> values) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SerializationStream out = ser.serializeStream(bytes);
    for (Object v : values) {
      out.writeObject(v, ClassTag$.MODULE$.Any());
    }
    out.close();
    return bytes.toByteArray();
  }

  private static List<Object> read(SerializerInstance ser, byte[] bytes, int n) {
    DeserializationStream in = ser.deserializeStream(new ByteArrayInputStream(bytes));
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(in.readObject(ClassTag$.MODULE$.Any()));
    }
    in.close();
    return out;
  }

  @Test
  void smallRecords_sameBytesAsSparksJavaSerializer() {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      values.add("v" + i);
    }
    byte[] ours = write(new BoundedJavaSerializer(CONF).newInstance(), values);
    byte[] sparks = write(new JavaSerializer(CONF).newInstance(), values);

    assertThat(ours).isEqualTo(sparks);
  }

  @Test
  void bigRecords_readBackBySparksJavaSerializerAndBack() {
    List<Object> values = List.of(new byte[3 << 20], "x", new byte[2 << 20], 42L);
    byte[] ours = write(new BoundedJavaSerializer(CONF).newInstance(), values);

    List<Object> back = read(new JavaSerializer(CONF).newInstance(), ours, values.size());
    assertThat(back).usingRecursiveFieldByFieldElementComparator().isEqualTo(values);
    byte[] sparks = write(new JavaSerializer(CONF).newInstance(), values);
    assertThat(read(new BoundedJavaSerializer(CONF).newInstance(), sparks, values.size())).hasSize(values.size());
  }

  /**
   * What the serializer is for: reading back multi-MiB records, the stream keeps at most the last one read
   * reachable (until the next read consumes the reset marker written after it); Spark's keeps up to 100 of
   * them until its reset marker.
   */
  @Test
  void bigRecords_readerKeepsEarlierRecordsUnreachable() throws Exception {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      values.add(new byte[2 << 20]);
    }
    assertThat(heldAfterReadingFive(new BoundedJavaSerializer(CONF).newInstance(), values)).isLessThanOrEqualTo(1);
    assertThat(heldAfterReadingFive(new JavaSerializer(CONF).newInstance(), values))
        .as("Spark's JavaSerializer, for contrast").isEqualTo(5);
  }

  private static long heldAfterReadingFive(SerializerInstance writer, List<Object> values) throws Exception {
    byte[] bytes = write(writer, values);
    DeserializationStream in = new JavaSerializer(CONF).newInstance().deserializeStream(new ByteArrayInputStream(bytes));
    List<WeakReference<Object>> read = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      read.add(new WeakReference<>(in.readObject(ClassTag$.MODULE$.Any())));
    }
    for (int attempt = 0; attempt < 10 && read.stream().anyMatch(r -> r.get() != null); attempt++) {
      System.gc();
      Thread.sleep(20);
    }
    long held = read.stream().filter(r -> r.get() != null).count();
    in.close();
    return held;
  }

  @Test
  void javaSerialized_keepsItsSettings() throws Exception {
    SparkConf conf = new SparkConf(false).set(BoundedJavaSerializer.RESET_BYTES_KEY, "4k");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new BoundedJavaSerializer(conf));
    }
    BoundedJavaSerializer back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (BoundedJavaSerializer) in.readObject();
    }
    BoundedJavaSerializationStream s = (BoundedJavaSerializationStream) back.newInstance().serializeStream(new ByteArrayOutputStream());
    s.writeObject(new byte[5 << 10], ClassTag$.MODULE$.Any());
    assertThat(s.resets()).isEqualTo(1);
  }
}

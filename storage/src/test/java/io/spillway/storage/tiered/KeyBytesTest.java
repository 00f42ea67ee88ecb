package io.spillway.storage.tiered;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

class KeyBytesTest {

  @Test
  void equalsAndHashCode_sameContentInDifferentArrays_equal() {
    KeyBytes a = new KeyBytes(new byte[] {1, 2, 3});
    KeyBytes b = new KeyBytes(new byte[] {1, 2, 3});

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new KeyBytes(new byte[] {1, 2, 4}));
    assertThat(new KeyBytes(new byte[0])).isEqualTo(new KeyBytes(new byte[0]));
  }

  /** Kryo's encodings of consecutive Longs: Arrays.hashCode gives about one code per 12 keys here. */
  @Test
  void hashCode_kryoSerializedConsecutiveLongs_almostAllDistinct() {
    SerializerInstance kryo = new KryoSerializer(new SparkConf(false)).newInstance();
    int keys = 1_000_000;
    Set<Integer> codes = new HashSet<>();
    for (long k = 0; k < keys; k++) {
      ByteBuffer b = kryo.serialize(k, ClassTag$.MODULE$.Any());
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      codes.add(new KeyBytes(bytes).hashCode());
    }

    // a 32-bit hash of 10^6 keys collides about 116 times by the birthday bound
    assertThat(codes.size()).isGreaterThan(keys - 1_000);
  }
}

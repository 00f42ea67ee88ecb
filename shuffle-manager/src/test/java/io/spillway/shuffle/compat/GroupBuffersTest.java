package io.spillway.shuffle.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.util.collection.CompactBuffer;
import org.junit.jupiter.api.Test;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** Small groups stay Spark's own {@code CompactBuffer}s, appended to in order. */
class GroupBuffersTest {

  @Test
  void empty_isSparksGroupBuffer() {
    Seq<Object> buffer = GroupBuffers.empty();

    assertThat(buffer).isInstanceOf(CompactBuffer.class);
    assertThat(buffer.size()).isZero();
    assertThat(GroupBuffers.isGroupBuffer(buffer)).isTrue();
  }

  @Test
  void isGroupBuffer_otherCombiners_false() {
    assertThat(GroupBuffers.isGroupBuffer(new ArrayList<>())).isFalse();
    assertThat(GroupBuffers.isGroupBuffer(42L)).isFalse();
    assertThat(GroupBuffers.isGroupBuffer(null)).isFalse();
  }

  @Test
  void appendAndAppendAll_keepOrder() {
    Seq<Object> a = GroupBuffers.empty();
    Seq<Object> b = GroupBuffers.empty();
    for (int i = 0; i < 5; i++) {
      GroupBuffers.append(a, i); // past CompactBuffer's two inline elements
    }
    GroupBuffers.append(b, "x");
    GroupBuffers.append(b, "y");

    GroupBuffers.appendAll(a, b);

    List<Object> values = new ArrayList<>(CollectionConverters.asJava(a));
    assertThat(values).containsExactly(0, 1, 2, 3, 4, "x", "y");
  }
}

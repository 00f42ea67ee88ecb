package io.spillway.storage.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.TempLocalBlockId;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import scala.Tuple2;

/** The store on a plain folder, with each of Spark's serializers. */
class GroupSpillStoreTest {

  @TempDir
  Path dir;

  static List<Serializer> serializers() {
    SparkConf conf = new SparkConf(false);
    return List.of(new JavaSerializer(conf), new KryoSerializer(conf));
  }

  private GroupSpillStore store(Serializer serializer) {
    SpillFiles files = new SpillFiles() {
      @Override
      public Tuple2<BlockId, File> newFile() {
        UUID id = UUID.randomUUID();
        return new Tuple2<>(new TempLocalBlockId(id), dir.resolve(id.toString()).toFile());
      }

      @Override
      public OutputStream wrap(BlockId block, OutputStream raw) {
        return raw;
      }

      @Override
      public InputStream wrap(BlockId block, InputStream raw) {
        return raw;
      }
    };
    return new GroupSpillStore(files, serializer.newInstance(), "task 7 (stage 1.0)");
  }

  private static List<Object> drain(Iterator<Object> it) {
    List<Object> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @ParameterizedTest
  @MethodSource("serializers")
  void read_twice_givesEveryValueInWriteOrderEachTime(Serializer serializer) {
    GroupSpillStore s = store(serializer);
    long g = s.newGroup();
    for (int i = 0; i < 1000; i++) {
      s.write(g, "v" + i);
    }

    List<Object> first = drain(s.read(g));
    List<Object> second = drain(s.read(g));

    assertThat(first).hasSize(1000).startsWith("v0", "v1").endsWith("v999");
    assertThat(second).isEqualTo(first);
    assertThat(s.size(g)).isEqualTo(1000);
    assertThat(s.valuesWritten()).isEqualTo(1000);
    assertThat(s.bytesWritten()).isPositive();
  }

  /**
   * Regression (suite case S11, 8 MiB values at 512 MiB executors): Java serialization's open stream kept
   * every value written reachable until its 100-object reset, so groups spilled to free the heap freed
   * nothing. A segment now ends after {@link GroupSpillStore#SEGMENT_BYTES}, so a multi-MiB value written
   * is no longer reachable from the store.
   */
  @ParameterizedTest
  @MethodSource("serializers")
  void write_multiMiBValues_writerKeepsNoneReachable(Serializer serializer) throws InterruptedException {
    GroupSpillStore s = store(serializer);
    long g = s.newGroup();
    List<java.lang.ref.WeakReference<byte[]>> written = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] value = new byte[5 << 20];
      value[0] = (byte) i;
      s.write(g, value);
      written.add(new java.lang.ref.WeakReference<>(value));
    }
    for (int attempt = 0; attempt < 10 && written.stream().anyMatch(r -> r.get() != null); attempt++) {
      System.gc();
      Thread.sleep(20);
    }

    assertThat(written).allSatisfy(r -> assertThat(r.get()).as("a written value still reachable").isNull());
    assertThat(s.fileCount()).isEqualTo(3);
    assertThat(drain(s.read(g))).extracting(v -> ((byte[]) v)[0]).containsExactly((byte) 0, (byte) 1, (byte) 2);
  }

  @ParameterizedTest
  @MethodSource("serializers")
  void write_afterRead_continuesInANewSegment(Serializer serializer) {
    GroupSpillStore s = store(serializer);
    long g = s.newGroup();
    s.write(g, 1L);
    drain(s.read(g));

    s.write(g, 2L);

    assertThat(drain(s.read(g))).containsExactly(1L, 2L);
    assertThat(s.fileCount()).isEqualTo(2);
  }

  @ParameterizedTest
  @MethodSource("serializers")
  void absorb_concatenatesSegmentsAndForgetsTheOtherGroup(Serializer serializer) {
    GroupSpillStore s = store(serializer);
    long a = s.newGroup();
    long b = s.newGroup();
    s.write(a, "a1");
    s.write(b, "b1");
    s.write(b, "b2");

    long c = s.newGroup();
    s.write(c, "c1");
    assertThat(s.groupsSpilled()).isEqualTo(3);
    s.absorb(a, b);
    s.write(a, "a2");

    assertThat(drain(s.read(a))).containsExactly("a1", "b1", "b2", "a2");
    assertThat(s.size(a)).isEqualTo(4);
    assertThat(s.groupsSpilled()).as("an absorbed group counts once, in the group that absorbed it").isEqualTo(2);
    assertThat(s.valuesWritten()).isEqualTo(5);
    assertThatThrownBy(() -> s.size(b)).isInstanceOf(IllegalStateException.class).hasMessageContaining("task 7");
  }

  @ParameterizedTest
  @MethodSource("serializers")
  void close_deletesEveryFileAndLaterReadsSayWhy(Serializer serializer) {
    GroupSpillStore s = store(serializer);
    long g = s.newGroup();
    s.write(g, "x"); // left open: close must close it too
    long h = s.newGroup();
    s.write(h, "y");
    drain(s.read(h));

    s.close();
    s.close();

    assertThat(dir.toFile().listFiles()).isEmpty();
    assertThatThrownBy(() -> s.read(g)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("task 7 (stage 1.0) is closed");
  }

  @ParameterizedTest
  @MethodSource("serializers")
  void read_storeClosedMidIteration_failsInsteadOfReadingADeletedFile(Serializer serializer) {
    GroupSpillStore s = store(serializer);
    long a = s.newGroup();
    long b = s.newGroup();
    s.write(a, "a");
    s.write(b, "b");
    s.absorb(a, b);
    Iterator<Object> it = s.read(a);
    assertThat(it.next()).isEqualTo("a");

    s.close();

    assertThatThrownBy(it::hasNext).isInstanceOf(IllegalStateException.class);
  }
}

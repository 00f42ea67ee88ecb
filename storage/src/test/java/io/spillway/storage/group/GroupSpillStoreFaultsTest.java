package io.spillway.storage.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.io.LZ4CompressionCodec;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.TempLocalBlockId;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import scala.Tuple2;

/**
 * Faults on the group spill path, with each of Spark's serializers, framed plainly and with LZ4 (Spark's default
 * spill compression): a disk that fills up while a group is written, and a segment truncated or with one byte
 * flipped between write and read. Each fails with a {@link SpillFileException} naming the file and its
 * directory; no call reads anything back after a failed write, and no value of an altered file is returned
 * without the read failing before the end of its segment.
 */
class GroupSpillStoreFaultsTest {

  private static final String OWNER = "task 7 (stage 1.0)";
  private static final int VALUES = 20_000;

  @TempDir
  Path dir;

  /** Bytes the disk still takes, across files; negative: unlimited. */
  private long spaceLeft = -1;

  static Stream<Arguments> setups() {
    SparkConf conf = new SparkConf(false);
    List<Arguments> out = new ArrayList<>();
    for (Serializer s : List.of(new JavaSerializer(conf), new KryoSerializer(conf))) {
      out.add(Arguments.of(s, false));
      out.add(Arguments.of(s, true));
    }
    return out.stream();
  }

  /** The files of the store last made by {@link #store}, for reading its handed-out segments. */
  private SpillFiles files;

  private GroupSpillStore store(Serializer serializer, boolean lz4) {
    files = files(lz4);
    return new GroupSpillStore(files, serializer.newInstance(), OWNER);
  }

  /** A folder whose writes take {@link #take} bytes from the disk, framed plainly or with LZ4. */
  private SpillFiles files(boolean lz4) {
    LZ4CompressionCodec codec = new LZ4CompressionCodec(new SparkConf(false));
    return new SpillFiles() {
      @Override
      public Tuple2<BlockId, File> newFile() {
        UUID id = UUID.randomUUID();
        return new Tuple2<>(new TempLocalBlockId(id), dir.resolve("temp_local_" + id).toFile());
      }

      @Override
      public OutputStream wrap(BlockId block, OutputStream raw) {
        OutputStream disk = new FilterOutputStream(raw) {
          @Override
          public void write(int b) throws IOException {
            take(1);
            out.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            take(len);
            out.write(b, off, len);
          }
        };
        return lz4 ? codec.compressedOutputStream(disk) : disk;
      }

      @Override
      public InputStream wrap(BlockId block, InputStream raw) {
        return lz4 ? codec.compressedInputStream(raw) : raw;
      }
    };
  }

  private void take(int bytes) throws IOException {
    if (spaceLeft >= 0) {
      if (spaceLeft < bytes) {
        throw new IOException("No space left on device");
      }
      spaceLeft -= bytes;
    }
  }

  private static long write(GroupSpillStore s, int values) {
    long g = s.newGroup();
    for (int i = 0; i < values; i++) {
      s.write(g, (long) i * 7919);
    }
    return g;
  }

  private List<File> filesLeft() throws IOException {
    try (Stream<Path> p = Files.list(dir)) {
      return p.map(Path::toFile).toList();
    }
  }

  private static List<Object> drain(Iterator<Object> it) {
    List<Object> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @ParameterizedTest(name = "{0}, lz4={1}")
  @MethodSource("setups")
  void write_diskFills_failsNamingFileDirectoryAndTaskThenRefusesEveryCallAndCloseDeletesAll(Serializer serializer,
      boolean lz4) throws IOException {
    GroupSpillStore s = store(serializer, lz4);
    spaceLeft = 20_000;

    assertThatThrownBy(() -> write(s, VALUES))
        .isInstanceOf(SpillFileException.class)
        .hasMessageContaining("spill file temp_local_")
        .hasMessageContaining("(directory " + dir + ")")
        .hasMessageContaining("of " + OWNER)
        .hasMessageContaining("No space left on device");
    assertThatThrownBy(() -> s.read(0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nothing half-written is read back");
    assertThatThrownBy(s::newGroup).isInstanceOf(IllegalStateException.class);

    s.close();
    assertThat(filesLeft()).isEmpty();
  }

  @ParameterizedTest(name = "{0}, lz4={1}")
  @MethodSource("setups")
  void read_segmentTruncated_failsNamingTheFile(Serializer serializer, boolean lz4) throws IOException {
    GroupSpillStore s = store(serializer, lz4);
    long g = write(s, VALUES);
    List<SpillSegment> segments = s.handOut(g);
    File f = segments.get(0).file();
    try (RandomAccessFile raf = new RandomAccessFile(f, "rw")) {
      raf.setLength(raf.length() - 1);
    }

    assertThatThrownBy(() -> drain(GroupSpillStore.readSegments(segments, serializer.newInstance(), files)))
        .isInstanceOf(SpillFileException.class)
        .hasMessageContaining("spill file " + f.getName() + " (directory " + dir + ") of a handed-out group")
        .hasMessageContaining("truncated");
  }

  @ParameterizedTest(name = "{0}, lz4={1}")
  @MethodSource("setups")
  void read_oneByteFlippedAnywhere_neverReadsToTheEndWithoutFailing(Serializer serializer, boolean lz4)
      throws IOException {
    GroupSpillStore s = store(serializer, lz4);
    long g = write(s, VALUES);
    List<SpillSegment> segments = s.handOut(g);
    File f = segments.get(0).file();
    long length = f.length();
    int flips = 0;
    for (long at = 0; at < length; at += Math.max(1, length / 37)) {
      flip(f, at);
      assertThatThrownBy(() -> drain(GroupSpillStore.readSegments(segments, serializer.newInstance(), files)))
          .as("byte %d of %d flipped", at, length)
          .isInstanceOf(SpillFileException.class)
          .hasMessageContaining(f.getName());
      flip(f, at);
      flips++;
    }

    assertThat(flips).isGreaterThan(30);
    assertThat(drain(GroupSpillStore.readSegments(segments, serializer.newInstance(), files)))
        .as("flipped back: read as written").hasSize(VALUES).startsWith(0L, 7919L);
  }

  @ParameterizedTest(name = "{0}, lz4={1}")
  @MethodSource("setups")
  void read_fileDeletedUnderTheStore_failsNamingIt(Serializer serializer, boolean lz4) {
    GroupSpillStore s = store(serializer, lz4);
    long g = write(s, 100);
    s.read(g); // closes the segment
    File f = s.handOut(g).get(0).file();
    assertThat(f.delete()).isTrue();

    assertThatThrownBy(() -> drain(GroupSpillStore.readSegments(List.of(new SpillSegment(null, f, 100, 10)),
        serializer.newInstance(), files)))
        .isInstanceOf(SpillFileException.class)
        .hasMessageContaining(f.getName());
  }

  private static void flip(File f, long at) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(f, "rw")) {
      raf.seek(at);
      int b = raf.read();
      raf.seek(at);
      raf.write(b ^ 0x10);
    }
  }
}

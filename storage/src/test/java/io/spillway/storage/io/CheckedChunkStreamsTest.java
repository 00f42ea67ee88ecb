package io.spillway.storage.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CheckedChunkStreamsTest {

  private static final int CHUNK = CheckedChunkOutputStream.CHUNK_BYTES;

  private static byte[] payload(int length) {
    byte[] b = new byte[length];
    new Random(length).nextBytes(b);
    return b;
  }

  /** Writes {@code data} in uneven pieces, single bytes and flushes among them. */
  private static byte[] framed(byte[] data) throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (CheckedChunkOutputStream out = new CheckedChunkOutputStream(file, true)) {
      int at = 0;
      int piece = 1;
      while (at < data.length) {
        if (piece % 5 == 0) {
          out.write(data[at++]);
        } else {
          int n = Math.min(data.length - at, piece * 997);
          out.write(data, at, n);
          at += n;
        }
        out.flush();
        piece++;
      }
    }
    return file.toByteArray();
  }

  private static byte[] readAll(byte[] file) throws IOException {
    try (CheckedChunkInputStream in = new CheckedChunkInputStream(new ByteArrayInputStream(file), true)) {
      return in.readAllBytes();
    }
  }

  @Test
  void roundTrip_manyChunks_readsAsWrittenAndFlushesCutNoChunk() throws IOException {
    byte[] data = payload(3 * CHUNK + 12345);
    byte[] file = framed(data);

    assertThat(readAll(file)).isEqualTo(data);
    int chunks = 4 + 1; // three full, one partial, the end chunk
    assertThat(file).hasSize(data.length + chunks * CheckedChunkOutputStream.HEADER_BYTES);
  }

  @Test
  void roundTrip_nothingWritten_readsEmpty() throws IOException {
    assertThat(readAll(framed(new byte[0]))).isEmpty();
  }

  @Test
  void oneByteFlipped_anywhere_failsBeforeAnyByteOfItsChunkIsHandedOut() throws IOException {
    byte[] data = payload(2 * CHUNK + 100);
    byte[] file = framed(data);
    for (int at = 0; at < file.length; at += 1 + file.length / 97) {
      byte[] altered = file.clone();
      altered[at] ^= 0x10;
      int chunkOfByte = at / (CHUNK + CheckedChunkOutputStream.HEADER_BYTES);
      CheckedChunkInputStream in = new CheckedChunkInputStream(new ByteArrayInputStream(altered), true);
      byte[] got = new byte[data.length];
      int read = 0;
      IOException failure = null;
      try {
        int n;
        while ((n = in.read(got, read, got.length - read)) > 0) {
          read += n;
        }
        in.drain();
      } catch (IOException e) {
        failure = e;
      }

      assertThat(failure).as("byte %d flipped", at).isInstanceOf(CorruptChunkException.class);
      assertThat(read).as("bytes handed out before the altered chunk").isLessThanOrEqualTo(chunkOfByte * CHUNK);
      assertThat(Arrays.copyOf(got, read)).isEqualTo(Arrays.copyOf(data, read));
    }
  }

  @Test
  void truncated_anywhere_failsSayingSo() throws IOException {
    byte[] file = framed(payload(CHUNK + 10));
    for (int length = 0; length < file.length; length += 1 + file.length / 53) {
      byte[] cut = Arrays.copyOf(file, length);
      assertThatThrownBy(() -> readAll(cut)).as("cut to %d of %d", length, file.length)
          .isInstanceOf(CorruptChunkException.class).hasMessageContaining("truncated");
    }
  }

  @Test
  void drain_afterAPartialRead_checksTheRest() throws IOException {
    byte[] file = framed(payload(2 * CHUNK));
    file[file.length - 20] ^= 1; // in the second chunk

    CheckedChunkInputStream in = new CheckedChunkInputStream(new ByteArrayInputStream(file), true);
    assertThat(in.read(new byte[100])).isEqualTo(100);
    assertThatThrownBy(in::drain).isInstanceOf(CorruptChunkException.class).hasMessageContaining("chunk 2");
  }

  @Test
  void corruptLength_isRefusedWithoutAllocatingOrReadingIt() throws IOException {
    byte[] file = framed(payload(100));
    file[0] = 0x7f; // length now far above a chunk

    assertThatThrownBy(() -> readAll(file)).isInstanceOf(CorruptChunkException.class)
        .hasMessageContaining("header is corrupt");
  }
}

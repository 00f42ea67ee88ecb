package io.spillway.storage.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32C;

/**
 * Writes bytes in chunks of at most {@link #CHUNK_BYTES}, each preceded by its length and the CRC-32C of its
 * bytes, and ends with an empty chunk; {@link CheckedChunkInputStream} reads them back and checks each chunk
 * before handing out any of its bytes.
 *
 * <p>Why chunks under the codec rather than one checksum over the file: Spark's LZ4 codec decompresses with
 * lz4-java's native decompressor, which trusts its input. A byte changed on disk then reaches native code
 * before any end-of-file checksum is compared, and can crash the executor JVM (SIGSEGV, exit 134) instead of
 * failing one task. Checked chunks fail the read with an {@link IOException} before the bad bytes reach the
 * codec or the deserializer, and still read each file once.
 *
 * <p>{@link #flush()} only flushes chunks already written; a chunk is cut when it is full or on {@link #close()},
 * so a serializer that flushes often does not make tiny chunks. Not thread-safe.
 */
public final class CheckedChunkOutputStream extends OutputStream {

  /** The largest chunk; also the reader's buffer size. */
  public static final int CHUNK_BYTES = 64 * 1024;

  /** Bytes of a chunk's header: its length, then its CRC-32C, both big-endian ints. */
  static final int HEADER_BYTES = 8;

  private final OutputStream out;
  private final boolean closeUnderlying;
  private final byte[] chunk = new byte[CHUNK_BYTES];
  private final byte[] header = new byte[HEADER_BYTES];
  private final CRC32C crc = new CRC32C();
  private int filled;
  private boolean closed;

  /**
   * @param out where the chunks go
   * @param closeUnderlying whether {@link #close()} also closes {@code out} (false when several checked streams
   *     follow one another in one file)
   */
  public CheckedChunkOutputStream(OutputStream out, boolean closeUnderlying) {
    this.out = out;
    this.closeUnderlying = closeUnderlying;
  }

  @Override
  public void write(int b) throws IOException {
    if (filled == CHUNK_BYTES) {
      writeChunk();
    }
    chunk[filled++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (filled == CHUNK_BYTES) {
        writeChunk();
      }
      int n = Math.min(len, CHUNK_BYTES - filled);
      System.arraycopy(b, off, chunk, filled, n);
      filled += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Writes the last chunk and the empty end chunk; a reader that finds no end chunk knows the file is cut. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (filled > 0) {
        writeChunk();
      }
      writeChunk(); // the end: length 0
      out.flush();
    } finally {
      if (closeUnderlying) {
        out.close();
      }
    }
  }

  private void writeChunk() throws IOException {
    crc.reset();
    crc.update(chunk, 0, filled);
    putInt(header, 0, filled);
    putInt(header, 4, (int) crc.getValue());
    out.write(header, 0, HEADER_BYTES);
    out.write(chunk, 0, filled);
    filled = 0;
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}

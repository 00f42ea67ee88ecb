package io.spillway.storage.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * Reads what {@link CheckedChunkOutputStream} wrote, one whole chunk at a time, and hands out a chunk's bytes
 * only after its length and CRC-32C matched; a file cut short (no end chunk) or with a byte changed fails with a
 * {@link CorruptChunkException} before its bytes reach a codec or a deserializer. {@link #drain()} reads and checks
 * the rest, for a reader whose deserializer stopped before the end. Not thread-safe.
 */
public final class CheckedChunkInputStream extends InputStream {

  private final InputStream in;
  private final boolean closeUnderlying;
  private final byte[] chunk = new byte[CheckedChunkOutputStream.CHUNK_BYTES];
  private final byte[] header = new byte[CheckedChunkOutputStream.HEADER_BYTES];
  private final CRC32C crc = new CRC32C();
  private int position;
  private int limit;
  private long chunksRead;
  private boolean ended;

  /**
   * @param in the chunks
   * @param closeUnderlying whether {@link #close()} also closes {@code in}
   */
  public CheckedChunkInputStream(InputStream in, boolean closeUnderlying) {
    this.in = in;
    this.closeUnderlying = closeUnderlying;
  }

  @Override
  public int read() throws IOException {
    if (position == limit && !nextChunk()) {
      return -1;
    }
    return chunk[position++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (position == limit && !nextChunk()) {
      return -1;
    }
    int n = Math.min(len, limit - position);
    System.arraycopy(chunk, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return limit - position;
  }

  /** Reads and checks every chunk left, up to the end chunk; throws if one is bad or the end is missing. */
  public void drain() throws IOException {
    position = limit;
    while (nextChunk()) {
      position = limit;
    }
  }

  @Override
  public void close() throws IOException {
    if (closeUnderlying) {
      in.close();
    }
  }

  private boolean nextChunk() throws IOException {
    if (ended) {
      return false;
    }
    readFully(header, CheckedChunkOutputStream.HEADER_BYTES, "the header of");
    int length = getInt(header, 0);
    int expected = getInt(header, 4);
    if (length < 0 || length > chunk.length) {
      throw new CorruptChunkException("chunk " + (chunksRead + 1) + " claims " + length + " bytes (at most "
          + chunk.length + "): its header is corrupt");
    }
    readFully(chunk, length, "");
    crc.reset();
    crc.update(chunk, 0, length);
    if ((int) crc.getValue() != expected) {
      throw new CorruptChunkException("chunk " + (chunksRead + 1) + " (" + length + " bytes) does not match the "
          + "CRC-32C written with it (" + Integer.toHexString((int) crc.getValue()) + " read, "
          + Integer.toHexString(expected) + " written): it is corrupt");
    }
    chunksRead++;
    position = 0;
    limit = length;
    if (length == 0) {
      ended = true;
      return false;
    }
    return true;
  }

  private void readFully(byte[] into, int length, String what) throws IOException {
    int at = 0;
    while (at < length) {
      int n = in.read(into, at, length - at);
      if (n < 0) {
        throw new CorruptChunkException("the stream ends inside " + what + (what.isEmpty() ? "" : " ") + "chunk "
            + (chunksRead + 1) + " (" + at + " of " + length + " bytes), before its end chunk: it was truncated (or a length in it altered)");
      }
      at += n;
    }
  }

  private static int getInt(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
  }
}

package io.spillway.storage.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts the bytes written through it into a shared cell (the owner's thread only). */
public final class CountingOutputStream extends FilterOutputStream {

  private final long[] count;

  /** @param count a one-element cell that each write adds its byte count to */
  public CountingOutputStream(OutputStream out, long[] count) {
    super(out);
    this.count = count;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    count[0]++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    count[0] += len;
  }
}

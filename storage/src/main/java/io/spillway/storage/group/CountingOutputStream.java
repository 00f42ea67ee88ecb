package io.spillway.storage.group;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts the bytes written through it into a shared cell (the owner's thread only). */
final class CountingOutputStream extends FilterOutputStream {

  private final long[] count;

  CountingOutputStream(OutputStream out, long[] count) {
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

package io.spillway.shuffle;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Adds the bytes read through it to a counter the reader shares with its sorter (task thread only). */
final class CountingInputStream extends FilterInputStream {

  private final long[] counter;

  CountingInputStream(InputStream in, long[] counter) {
    super(in);
    this.counter = counter;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      counter[0]++;
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      counter[0] += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    counter[0] += Math.max(0L, skipped);
    return skipped;
  }
}

package io.spillway.shuffle.hotkeys;

import java.io.OutputStream;

/** Counts the bytes written to it and keeps none: the sink that measures a record's serialized size. */
final class DiscardingCountingStream extends OutputStream {

  private long count;

  @Override
  public void write(int b) {
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    count += len;
  }

  /** Bytes written so far. */
  long count() {
    return count;
  }
}

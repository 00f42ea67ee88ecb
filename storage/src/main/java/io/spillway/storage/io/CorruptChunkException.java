package io.spillway.storage.io;

import java.io.IOException;

/** A checked chunk that did not read back as written: cut short, or its length or CRC-32C does not match. */
public final class CorruptChunkException extends IOException {

  private static final long serialVersionUID = 1L;

  CorruptChunkException(String message) {
    super(message);
  }
}

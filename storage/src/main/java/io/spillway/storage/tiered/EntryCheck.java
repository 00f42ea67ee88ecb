package io.spillway.storage.tiered;

import java.io.File;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A CRC-32C over an off-heap entry's key and value bytes, stored as {@link #BYTES} bytes after the value in its
 * Chronicle Map, and checked whenever the entry is read back. Why: the maps live in memory-mapped files in Spark's
 * local dirs; a byte changed there (a disk error, another process) would otherwise come back as another value, or
 * as another key whose combiner then joins the result beside the real one. With the check, such an entry fails the
 * task with {@link CorruptEntryException}, and Spark retries it.
 */
final class EntryCheck {

  /** Bytes the checksum adds to each stored value. */
  static final int BYTES = 4;

  private EntryCheck() {}

  /** {@code value} followed by the checksum of {@code key} and {@code value}: what the map stores. */
  static byte[] seal(byte[] key, byte[] value) {
    byte[] stored = Arrays.copyOf(value, value.length + BYTES);
    int crc = crc(key, value, value.length);
    stored[value.length] = (byte) (crc >>> 24);
    stored[value.length + 1] = (byte) (crc >>> 16);
    stored[value.length + 2] = (byte) (crc >>> 8);
    stored[value.length + 3] = (byte) crc;
    return stored;
  }

  /**
   * The value {@link #seal} stored, after checking it and the key against the stored checksum.
   *
   * @param file the map's file, named in the error
   * @param owner the store's owner, named in the error
   * @throws CorruptEntryException if the bytes are not those that were sealed
   */
  static byte[] open(byte[] key, byte[] stored, File file, String owner) {
    int length = stored.length - BYTES;
    if (length < 0 || crc(key, stored, length) != storedCrc(stored, length)) {
      throw new CorruptEntryException("an entry of " + key.length + " key bytes and " + Math.max(0, length)
          + " value bytes in off-heap map file " + file.getName() + " (directory " + file.getParent() + ") of "
          + owner + " does not match the CRC-32C written with it: the file is corrupt; the task fails and Spark "
          + "retries it");
    }
    return Arrays.copyOf(stored, length);
  }

  private static int crc(byte[] key, byte[] value, int valueLength) {
    CRC32C crc = new CRC32C();
    crc.update(key, 0, key.length);
    crc.update(value, 0, valueLength);
    return (int) crc.getValue();
  }

  private static int storedCrc(byte[] stored, int at) {
    return ((stored[at] & 0xff) << 24) | ((stored[at + 1] & 0xff) << 16) | ((stored[at + 2] & 0xff) << 8)
        | (stored[at + 3] & 0xff);
  }

  /** An off-heap entry whose bytes changed after they were written. */
  static final class CorruptEntryException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    CorruptEntryException(String message) {
      super(message);
    }
  }
}

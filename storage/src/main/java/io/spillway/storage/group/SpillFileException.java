package io.spillway.storage.group;

/**
 * A spill file could not be written or read back as written: the disk is full, the file was truncated or a byte
 * of it changed. The message names the file, its directory, the task and what was being done; the cause is the
 * I/O or serializer error, if any. Thrown on the task's thread, it fails the task, and Spark retries it.
 */
public final class SpillFileException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  SpillFileException(String message, Throwable cause) {
    super(cause == null || cause.getMessage() == null ? message : message + ": " + cause.getMessage(), cause);
  }
}

package io.spillway.storage.tiered;

/**
 * A value the {@link TieredStore} does not take because its estimate is above the store's
 * {@code maxValueBytes}: it carries the value, so the caller can keep it on its own path.
 */
public final class ValueTooLargeException extends RuntimeException {

  private final transient Object value;
  private final long valueBytes;

  ValueTooLargeException(String owner, Object value, long valueBytes, long maxValueBytes) {
    super("tiered store of " + owner + ": a value of about " + valueBytes + " bytes is above the "
        + maxValueBytes + " bytes the store takes per value", null, false, false);
    this.value = value;
    this.valueBytes = valueBytes;
  }

  /** The refused value (the merged one, for {@code update}). */
  public Object value() {
    return value;
  }

  /** Its estimated heap bytes. */
  public long valueBytes() {
    return valueBytes;
  }
}

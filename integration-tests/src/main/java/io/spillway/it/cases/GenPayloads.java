package io.spillway.it.cases;

/**
 * The text payload some cases carry instead of a bare long: a short string, as real rows carry names and
 * ids. As a Java object it is about 64 bytes (a {@code String} plus its {@code byte[]}) against 8 for the
 * long it encodes, which is what makes deserialized groups and caches large.
 */
public final class GenPayloads {

  private GenPayloads() {}

  /** The payload for {@code value}: {@code "row-"} and 16 hex digits, 20 Latin-1 characters. */
  public static String text(long value) {
    String hex = Long.toHexString(value);
    return "row-" + "0000000000000000".substring(hex.length()) + hex;
  }
}

package io.spillway.runtime.config;

/** A {@code spark.spillway.*} value that cannot be used; the message names the key, the value and the accepted range. */
public final class InvalidConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String key;

  InvalidConfigException(String key, String value, String accepted, Throwable cause) {
    super("Invalid Spillway setting " + key + "=" + value + ": expected " + accepted, cause);
    this.key = key;
  }

  public String key() {
    return key;
  }
}

package io.spillway.runtime.config;

/**
 * A {@code spark.spillway.*} value that cannot be used; the message names the key, the value and the accepted range.
 *
 * <p>The value is quoted as given, but cut after {@link #MAX_VALUE_CHARS} characters and with control characters
 * escaped: a value pasted by mistake (a whole file, a line break from a conf file) must not turn the one error into
 * a screenful or a broken log line.
 */
public final class InvalidConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Longest part of a bad value quoted in the message. */
  static final int MAX_VALUE_CHARS = 200;

  private final String key;

  InvalidConfigException(String key, String value, String accepted, Throwable cause) {
    super("Invalid Spillway setting " + key + "=" + quote(value) + ": expected " + accepted, cause);
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** {@code value} as it can be shown on one line: control characters escaped, cut with its full length. */
  static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    int shown = Math.min(value.length(), MAX_VALUE_CHARS);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (shown < value.length()) {
      out.append("… (").append(value.length()).append(" chars)");
    }
    return out.toString();
  }
}

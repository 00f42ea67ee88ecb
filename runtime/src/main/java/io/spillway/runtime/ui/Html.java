package io.spillway.runtime.ui;

/**
 * Turns anything an event carried into text that is safe inside HTML or SVG, element content or a quoted
 * attribute alike. A shuffle key is user data: it may hold markup, be megabytes long, be binary, or come from a
 * {@code toString} that throws. The page must render whatever it is, so every value passes through
 * {@link #text(Object, int)}: stringified defensively, cut to a bound (on a code-point boundary), control and
 * unpaired-surrogate characters shown as {@code \\uXXXX}, and the five HTML-special characters escaped.
 */
public final class Html {

  /** Bound for a key, a detail or a call site on the page; the JSON form keeps the full string. */
  public static final int MAX_CELL_CHARS = 200;

  private Html() {}

  /** {@code value} as safe, bounded text; null is the empty string. */
  public static String text(Object value, int maxChars) {
    return escape(bound(stringOf(value), maxChars));
  }

  /** {@link #text(Object, int)} with {@link #MAX_CELL_CHARS}. */
  public static String text(Object value) {
    return text(value, MAX_CELL_CHARS);
  }

  /**
   * {@code value.toString()}, or a placeholder naming the exception when it throws (a user's key class is not
   * ours to trust). Errors propagate: an {@code OutOfMemoryError} here is the JVM's, not the key's.
   */
  static String stringOf(Object value) {
    if (value == null) {
      return "";
    }
    try {
      String s = value.toString();
      return s == null ? "null" : s;
    } catch (RuntimeException e) {
      return "(toString of " + value.getClass().getName() + " threw " + e.getClass().getName() + ")";
    }
  }

  /** {@code s} cut to at most {@code maxChars} chars (never inside a surrogate pair), saying how long it was. */
  static String bound(String s, int maxChars) {
    if (s.length() <= maxChars) {
      return s;
    }
    int end = maxChars;
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "… (" + s.length() + " chars)";
  }

  /** Escapes HTML's special characters and makes control characters and lone surrogates visible. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
